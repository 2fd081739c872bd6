import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { PlaybackRate } from '../timeline-keys';
import { needsNewOrigin, originFor } from './chunk-plan';
import { CHUNK_LOADER } from './chunk-loader';
import { FRAME_CHUNK_LOADER } from './footage-frames';
import { JpegFootagePlayer } from './jpeg-footage-player';
import type { PlaybackMember, PlaybackMemberEvents } from './playback-member';
import { decideSync, type ClockState, type MemberStatus } from './sync-steer';
import { TimelinePlayer } from './timeline-player';

/** How often the clock looks at its players (drift, gaps, fetching ahead). */
const TICK_MS = 100;
/** A frame step lands this far into the frame: clear of rounding at its boundary. */
const FRAME_BIAS_S = 0.001;

/**
 * Plays the recorded footage of one or several cameras at one instant, on one clock: one
 * origin for every player (so one `currentTime` is one instant everywhere), a leader whose own
 * playback is the clock, followers steered to it (see decideSync), gaps jumped over. One per
 * view (a camera's full-screen view, the multi-camera view).
 */
@Injectable()
export class PlaybackController {
  private readonly loader = inject(CHUNK_LOADER);
  private readonly frameLoader = inject(FRAME_CHUNK_LOADER);

  /** Recorded footage is shown (false: the live picture, or nothing picked yet). */
  readonly active = signal(false);
  readonly playing = signal(false);
  readonly rate = signal<PlaybackRate>(1);
  /** The instant shown, Unix ms (the clock). */
  readonly positionMs = signal<number | null>(null);
  /** The instant last asked for (a click, a key), Unix ms. */
  readonly requestedMs = signal<number | null>(null);
  readonly clockState = signal<ClockState | 'idle'>('idle');
  /** Each camera at the clock: footage, loading, or none here. */
  readonly statuses = signal<ReadonlyMap<string, MemberStatus>>(new Map());
  /** Why a camera's footage cannot play, by camera id. */
  readonly errors = signal<ReadonlyMap<string, string>>(new Map());
  /** The origin all players count media time from, Unix ms (for tests and the stats). */
  readonly origin = signal<number | null>(null);

  private readonly players = new Map<string, PlaybackMember>();
  private clockS = 0;
  private leader: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /**
   * A camera's picture is on the page: it plays from the clock's instant. A `<video>` plays
   * video footage (TimelinePlayer), a canvas footage kept as JPEG frames (JpegFootagePlayer).
   */
  attach(cameraId: string, surface: HTMLVideoElement | HTMLCanvasElement): void {
    this.players.get(cameraId)?.dispose();
    const events: PlaybackMemberEvents = {
      changed: () => this.tick(),
      needsNewOrigin: (atMs) => this.seek(atMs, this.playing(), true),
      failed: (reason) => this.setError(cameraId, reason),
    };
    const player =
      surface instanceof HTMLCanvasElement
        ? new JpegFootagePlayer(cameraId, surface, this.frameLoader, events)
        : new TimelinePlayer(cameraId, surface, this.loader, events);
    this.players.set(cameraId, player);
    this.leader = null;
    const origin = this.origin();
    const position = this.positionMs();
    if (origin !== null && position !== null) {
      player.reset(origin);
      void player.load(position).then(() => this.tick());
    }
  }

  detach(cameraId: string): void {
    this.players.get(cameraId)?.dispose();
    this.players.delete(cameraId);
    this.leader = null;
  }

  /** Shows `ms` on every camera, playing from there or paused on it. */
  seek(ms: number, play = true, newOrigin = false): void {
    const target = Math.round(ms);
    this.active.set(true);
    this.requestedMs.set(target);
    this.positionMs.set(target);
    this.playing.set(play);
    this.errors.set(new Map());
    let origin = this.origin();
    if (newOrigin || needsNewOrigin(origin, target)) {
      origin = originFor(target);
      this.origin.set(origin);
      for (const player of this.players.values()) player.reset(origin);
    }
    this.clockS = (target - origin!) / 1000;
    this.leader = null;
    for (const player of this.players.values()) {
      void player.load(target).then(() => this.tick());
    }
    this.startTicking();
    this.tick();
  }

  seekBy(deltaMs: number): void {
    const position = this.positionMs();
    if (position !== null) this.seek(position + deltaMs, this.playing());
  }

  togglePlay(): void {
    if (this.playing()) this.pause();
    else this.play();
  }

  play(): void {
    const position = this.positionMs();
    if (position === null) return;
    if (this.clockState() === 'ended') {
      this.seek(position, true);
      return;
    }
    this.playing.set(true);
    this.tick();
  }

  /**
   * Stops on the picture shown now: the clock goes just inside the leader's frame, and every
   * camera to the clock (all on the same instant, none across a frame boundary from it).
   */
  pause(): void {
    const leader = this.leader !== null ? [...this.players.values()][this.leader] : undefined;
    if (leader) {
      const shown = leader.frameAt(leader.currentS);
      this.clockS = shown !== null ? shown + FRAME_BIAS_S : leader.currentS;
    }
    this.playing.set(false);
    this.tick();
  }

  setRate(rate: PlaybackRate): void {
    this.rate.set(rate);
    this.tick();
  }

  /**
   * One frame forward or back (paused): the next or previous frame of the leading camera,
   * fetching the chunk after or before the buffered footage when the step leaves it.
   */
  async step(direction: 1 | -1): Promise<void> {
    const origin = this.origin();
    if (!this.active() || origin === null) return;
    if (this.playing()) this.pause();
    const members = [...this.players.values()];
    const leader =
      (this.leader !== null ? members[this.leader] : undefined) ??
      members.find((p) => p.hasFootageAt(this.clockS)) ??
      members[0];
    if (!leader) return;
    const from = this.clockS;
    const find = () => (direction > 0 ? leader.frameAfter(from) : leader.frameBefore(from));
    let next = find();
    if (next === null) {
      const more = direction > 0 ? await leader.loadNext() : await leader.loadPrevious();
      if (more === 'before-origin') {
        // Before the origin: start again from the previous frame's instant.
        const first = leader.firstFrame();
        if (first !== null) this.seek(origin + first * 1000 - 1, false, true);
        return;
      }
      next = find();
    }
    if (next === null || this.playing()) return;
    this.clockS = next + FRAME_BIAS_S;
    this.positionMs.set(Math.round(origin + this.clockS * 1000));
    this.tick();
  }

  /** Back to the live picture: every player lets its footage go. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const player of this.players.values()) player.dispose();
    this.players.clear();
    this.active.set(false);
    this.playing.set(false);
    this.origin.set(null);
    this.positionMs.set(null);
    this.requestedMs.set(null);
    this.clockState.set('idle');
    this.statuses.set(new Map());
  }

  private startTicking(): void {
    this.timer ??= setInterval(() => this.tick(), TICK_MS);
  }

  /** Steers every player to the clock, and lets each fetch ahead of it. */
  private tick(): void {
    const origin = this.origin();
    if (!this.active() || origin === null) return;
    const players = [...this.players.values()];
    if (!players.length) return;
    const rate = this.rate();
    const decision = decideSync(
      players.map((p) => p.view()),
      { clockS: this.clockS, playing: this.playing(), rate, previousLeader: this.leader },
    );
    decision.actions.forEach((action, i) => {
      const player = players[i];
      if (action.kind === 'hold') player.hold();
      else if (action.kind === 'seek') player.seekTo(action.toS, action.play, rate);
      else player.play(action.rate);
    });
    this.clockS = decision.clockS;
    this.leader = decision.leader;
    const positionMs = Math.round(origin + this.clockS * 1000);
    if (decision.state !== 'waiting' || decision.jumpedToS !== null) {
      this.positionMs.set(positionMs);
    }
    this.clockState.set(decision.state);
    this.updateStatuses(players, decision.statuses);
    for (const player of players) player.pump(positionMs, this.playing() ? rate : 1);
  }

  private updateStatuses(players: PlaybackMember[], statuses: MemberStatus[]): void {
    const current = this.statuses();
    const changed =
      current.size !== players.length ||
      players.some((p, i) => current.get(p.cameraId) !== statuses[i]);
    if (changed) this.statuses.set(new Map(players.map((p, i) => [p.cameraId, statuses[i]])));
  }

  private setError(cameraId: string, reason: string): void {
    this.errors.update((errors) => new Map(errors).set(cameraId, reason));
  }
}
