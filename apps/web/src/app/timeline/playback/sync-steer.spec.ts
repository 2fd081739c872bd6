import { SEEK_DRIFT_S, decideSync, followRate, memberStatus, type MemberView } from './sync-steer';

const member = (overrides: Partial<MemberView> = {}): MemberView => ({
  currentS: 100,
  ranges: [[90, 130]],
  loadedThroughS: 130,
  finished: false,
  ready: true,
  ...overrides,
});
const playing = { clockS: 100, playing: true, rate: 1, previousLeader: null };

describe('one clock for several players', () => {
  it('tells footage, loading and a gap apart', () => {
    expect(memberStatus(member(), 100)).toBe('data');
    expect(memberStatus(member({ ranges: [], loadedThroughS: null }), 100)).toBe('loading');
    expect(memberStatus(member({ ranges: [[90, 100]], loadedThroughS: 100 }), 100)).toBe('loading');
    // Fetched past the instant, nothing there: a gap in this camera's footage.
    expect(
      memberStatus(
        member({
          ranges: [
            [90, 99],
            [110, 130],
          ],
        }),
        100,
      ),
    ).toBe('gap');
    // Nothing after: the server said so.
    expect(memberStatus(member({ ranges: [], loadedThroughS: null, finished: true }), 100)).toBe(
      'gap',
    );
  });

  it('follows the leader, which plays untouched; followers drift-corrected by rate', () => {
    const decision = decideSync([member({ currentS: 101 }), member({ currentS: 101.05 })], {
      ...playing,
      previousLeader: 0,
    });
    expect(decision.clockS).toBe(101);
    expect(decision.leader).toBe(0);
    expect(decision.actions[0]).toEqual({ kind: 'play', rate: 1 });
    // 50 ms ahead: 10 % slower until it is back.
    expect(decision.actions[1]).toEqual({ kind: 'play', rate: 0.9 });
  });

  it('leaves tiny drift alone, and seeks a follower that is far off', () => {
    expect(followRate(2, 0.004)).toBe(2);
    expect(followRate(1, -0.02)).toBe(1.04);
    expect(followRate(1, -5)).toBe(1.1);
    const decision = decideSync(
      [member({ currentS: 101 }), member({ currentS: 101 - SEEK_DRIFT_S - 0.1 })],
      { ...playing, previousLeader: 0 },
    );
    expect(decision.actions[1]).toEqual({ kind: 'seek', toS: 101, play: true });
  });

  it('pauses a follower that ran far ahead of the leader until the clock is back: never a step back', () => {
    const ahead = decideSync(
      [member({ currentS: 101 }), member({ currentS: 101 + SEEK_DRIFT_S + 0.1 })],
      { ...playing, previousLeader: 0 },
    );
    expect(ahead.actions).toEqual([{ kind: 'play', rate: 1 }, { kind: 'hold' }]);
    // The clock caught up: it plays on, a little slower until level.
    const caughtUp = decideSync(
      [member({ currentS: 101.35 }), member({ currentS: 101 + SEEK_DRIFT_S + 0.1 })],
      { ...playing, previousLeader: 0 },
    );
    expect(caughtUp.actions).toEqual([
      { kind: 'play', rate: 1 },
      { kind: 'play', rate: 0.9 },
    ]);
    // A clock that was set, not played to (a seek back): everyone goes there at once.
    const sought = decideSync([member({ currentS: 110 }), member({ currentS: 110 })], playing);
    expect(sought.actions).toEqual([
      { kind: 'seek', toS: 100, play: true },
      { kind: 'seek', toS: 100, play: true },
    ]);
  });

  it('holds a camera without footage at the clock while the others play on', () => {
    const decision = decideSync(
      [
        member({ currentS: 101 }),
        member({
          currentS: 95,
          ranges: [
            [80, 95],
            [120, 130],
          ],
        }),
      ],
      { ...playing, previousLeader: 0 },
    );
    expect(decision.statuses).toEqual(['data', 'gap']);
    expect(decision.actions[1]).toEqual({ kind: 'hold' });
  });

  it('hands the clock to another camera when the leader reaches a gap', () => {
    const decision = decideSync(
      [
        member({
          currentS: 110,
          ranges: [
            [90, 110],
            [200, 230],
          ],
        }),
        member({ currentS: 109.98 }),
      ],
      { ...playing, clockS: 109.9, previousLeader: 0 },
    );
    expect(decision.clockS).toBe(110);
    expect(decision.leader).toBe(1);
    expect(decision.actions[0]).toEqual({ kind: 'hold' });
    expect(decision.actions[1]).toEqual({ kind: 'play', rate: 1 });
  });

  it('jumps over a gap in every camera to the earliest next footage', () => {
    const decision = decideSync(
      [
        member({
          currentS: 110,
          ranges: [
            [90, 110],
            [200, 230],
          ],
          loadedThroughS: 230,
        }),
        member({
          currentS: 108,
          ranges: [
            [90, 108],
            [150, 160],
          ],
          loadedThroughS: 160,
        }),
      ],
      { ...playing, clockS: 109.9, previousLeader: 0 },
    );
    expect(decision.jumpedToS).toBe(150);
    expect(decision.clockS).toBe(150);
    expect(decision.actions).toEqual([{ kind: 'hold' }, { kind: 'seek', toS: 150, play: true }]);
  });

  it('waits while the footage at the clock is still loading', () => {
    const decision = decideSync(
      [
        member({ currentS: 130, ranges: [[90, 130]], loadedThroughS: 130 }),
        member({
          currentS: 120,
          ranges: [
            [90, 120],
            [140, 150],
          ],
          loadedThroughS: 150,
        }),
      ],
      { ...playing, clockS: 129.9, previousLeader: 0 },
    );
    expect(decision.state).toBe('waiting');
    expect(decision.actions).toEqual([{ kind: 'hold' }, { kind: 'hold' }]);
  });

  it('says when there is nothing more anywhere', () => {
    const done = member({
      currentS: 130,
      ranges: [[90, 130]],
      loadedThroughS: 130,
      finished: true,
    });
    const decision = decideSync([done, done], { ...playing, clockS: 130, previousLeader: 0 });
    expect(decision.state).toBe('ended');
  });

  it('paused, puts every camera on the clock exactly (a seek or a frame step)', () => {
    const decision = decideSync([member({ currentS: 100 }), member({ currentS: 100.2 })], {
      clockS: 100.1,
      playing: false,
      rate: 1,
      previousLeader: 0,
    });
    expect(decision.clockS).toBe(100.1);
    expect(decision.actions).toEqual([
      { kind: 'seek', toS: 100.1, play: false },
      { kind: 'seek', toS: 100.1, play: false },
    ]);
  });

  it('after a seek (no leader yet) starts the first camera with footage, at the clock', () => {
    const decision = decideSync(
      [member({ currentS: 0, ranges: [], loadedThroughS: null }), member({ currentS: 100 })],
      { ...playing },
    );
    expect(decision.leader).toBe(1);
    expect(decision.statuses).toEqual(['loading', 'data']);
    expect(decision.actions).toEqual([{ kind: 'hold' }, { kind: 'play', rate: 1 }]);
  });
});
