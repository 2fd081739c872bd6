/**
 * One clock for the cameras of a view, as a pure decision taken a few times a second: every
 * player shares one media timeline (one origin), so "the same instant" is the same
 * `currentTime`. The clock is the leader's `currentTime` (a player with footage at the clock,
 * playing natively, so its frames are never disturbed); the others follow it — a little faster
 * or slower when they drift by a few frames, a seek when they fall further behind, a pause when
 * they run further ahead (a seek back would show earlier pictures again) — or hold their last
 * picture where they have no footage. When no camera has footage at the clock it jumps to the
 * earliest next footage (a gap in the recording), unless one is still loading the clock's
 * footage, which everyone then waits for.
 */

/** What a player tells the clock, in seconds of the shared media timeline. */
export interface MemberView {
  currentS: number;
  /** Buffered ranges, in order. */
  ranges: ReadonlyArray<readonly [number, number]>;
  /** Footage asked for is known up to here (the cursor); null: nothing asked for yet. */
  loadedThroughS: number | null;
  /** The server has nothing after `loadedThroughS`. */
  finished: boolean;
  /** The element can play at `currentS` now (has data, not seeking). */
  ready: boolean;
}

export type MemberAction =
  { kind: 'hold' } | { kind: 'seek'; toS: number; play: boolean } | { kind: 'play'; rate: number };

export type MemberStatus = 'data' | 'loading' | 'gap';

export type ClockState =
  /** Playing, or paused, with footage. */
  | 'running'
  /** A player is loading the footage at the clock; everyone waits. */
  | 'waiting'
  /** Nobody has footage at or after the clock. */
  | 'ended';

export interface SyncDecision {
  clockS: number;
  leader: number | null;
  state: ClockState;
  /** Set when the clock jumped over a gap in every camera's footage. */
  jumpedToS: number | null;
  actions: MemberAction[];
  /** Each member at the clock. */
  statuses: MemberStatus[];
}

export interface SyncInput {
  clockS: number;
  playing: boolean;
  rate: number;
  previousLeader: number | null;
}

/** A player this close to the end of its buffered range has no footage left there. */
export const END_EPSILON_S = 0.03;
/** Drift beyond this is corrected by a seek; below it by the playback rate. */
export const SEEK_DRIFT_S = 0.3;
/** Drift below this is left alone (well under a frame). */
export const IGNORED_DRIFT_S = 0.005;
/** The rate changes by this fraction per second of drift… */
const RATE_GAIN = 2;
/** …by at most this fraction. */
const MAX_RATE_CHANGE = 0.1;

/** The range with footage at `s`, if any. */
export function rangeAt(
  ranges: ReadonlyArray<readonly [number, number]>,
  s: number,
): readonly [number, number] | null {
  return ranges.find(([start, end]) => start - 0.001 <= s && s < end - END_EPSILON_S) ?? null;
}

/** Where a member stands at `s`: footage, footage still loading, or a gap (or the end). */
export function memberStatus(member: MemberView, s: number): MemberStatus {
  if (rangeAt(member.ranges, s)) return 'data';
  const notFetched = member.loadedThroughS === null || s >= member.loadedThroughS - END_EPSILON_S;
  return notFetched && !member.finished ? 'loading' : 'gap';
}

/** The start of the first buffered range after `s`, if any. */
export function nextRangeStart(member: MemberView, s: number): number | null {
  const next = member.ranges.find(([start]) => start > s);
  return next ? next[0] : null;
}

export function decideSync(members: readonly MemberView[], input: SyncInput): SyncDecision {
  const { playing, rate } = input;
  // While playing, the clock is the leader's own position (it plays natively); paused, the
  // clock is where it was put (a seek, a frame step) and everyone shows that instant.
  const previous = input.previousLeader !== null ? members[input.previousLeader] : undefined;
  let clockS = playing && previous ? previous.currentS : input.clockS;
  let statuses = members.map((m) => memberStatus(m, clockS));
  let jumpedToS: number | null = null;

  if (!statuses.includes('data')) {
    if (statuses.includes('loading')) {
      return {
        clockS,
        leader: null,
        state: 'waiting',
        jumpedToS,
        actions: members.map(() => ({ kind: 'hold' })),
        statuses,
      };
    }
    const starts = members
      .map((m) => nextRangeStart(m, clockS))
      .filter((s): s is number => s !== null);
    if (!starts.length) {
      return {
        clockS,
        leader: null,
        state: 'ended',
        jumpedToS,
        actions: members.map(() => ({ kind: 'hold' })),
        statuses,
      };
    }
    clockS = jumpedToS = Math.min(...starts);
    statuses = members.map((m) => memberStatus(m, clockS));
  }

  const keep = input.previousLeader;
  const leader =
    keep !== null && statuses[keep] === 'data' && members[keep].ready
      ? keep
      : (firstIndex(statuses, (s, i) => s === 'data' && members[i].ready) ??
        firstIndex(statuses, (s) => s === 'data'));
  const actions = members.map((member, i): MemberAction => {
    if (statuses[i] !== 'data') return { kind: 'hold' };
    const drift = member.currentS - clockS;
    if (!playing) {
      return Math.abs(drift) > 0.001
        ? { kind: 'seek', toS: clockS, play: false }
        : { kind: 'hold' };
    }
    if (Math.abs(drift) > SEEK_DRIFT_S || (jumpedToS !== null && Math.abs(drift) > 0.001)) {
      // Ahead of a clock that plays on (a leader slowed down, at 8× or on a busy machine):
      // wait for it rather than step back. A clock that was set (a seek) is gone to at once.
      const clockPlaysOn = previous !== undefined && jumpedToS === null;
      if (drift > 0 && clockPlaysOn) return { kind: 'hold' };
      return { kind: 'seek', toS: clockS, play: true };
    }
    // The leader is the clock: never nudged.
    return { kind: 'play', rate: i === leader ? rate : followRate(rate, drift) };
  });
  return { clockS, leader: leader ?? null, state: 'running', jumpedToS, actions, statuses };
}

/** A follower `driftS` ahead (positive) or behind plays this much slower or faster. */
export function followRate(rate: number, driftS: number): number {
  if (Math.abs(driftS) < IGNORED_DRIFT_S) return rate;
  const change = Math.min(MAX_RATE_CHANGE, Math.max(-MAX_RATE_CHANGE, -driftS * RATE_GAIN));
  return Math.round(rate * (1 + change) * 1000) / 1000;
}

function firstIndex<T>(items: readonly T[], test: (item: T, i: number) => boolean): number | null {
  const index = items.findIndex(test);
  return index < 0 ? null : index;
}
