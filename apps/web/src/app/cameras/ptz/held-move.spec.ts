import { HeldMove, moveRequest, MOVE_TIMEOUT_MS } from './held-move';

describe('HeldMove', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function fixture() {
    const sent: string[] = [];
    const errors: unknown[] = [];
    let refuse = false;
    const held = new HeldMove(
      {
        move: async (request) => {
          sent.push(`move ${JSON.stringify(request)}`);
          if (refuse) throw new Error('409');
        },
        stop: async () => void sent.push('stop'),
      },
      (error) => errors.push(error),
      1000,
    );
    return { held, sent, errors, refuse: () => (refuse = true) };
  }
  const settle = async () => {
    for (let i = 0; i < 50; i++) await Promise.resolve();
  };

  it('maps each button to a velocity with a timeout', () => {
    expect(moveRequest('right')).toEqual({ pan: 0.5, timeout_ms: MOVE_TIMEOUT_MS });
    expect(moveRequest('left')).toEqual({ pan: -0.5, timeout_ms: MOVE_TIMEOUT_MS });
    expect(moveRequest('up', 1)).toEqual({ tilt: 1, timeout_ms: MOVE_TIMEOUT_MS });
    expect(moveRequest('down')).toEqual({ tilt: -0.5, timeout_ms: MOVE_TIMEOUT_MS });
    expect(moveRequest('zoom-in')).toEqual({ zoom: 0.5, timeout_ms: MOVE_TIMEOUT_MS });
    expect(moveRequest('zoom-out')).toEqual({ zoom: -0.5, timeout_ms: MOVE_TIMEOUT_MS });
  });

  it('moves when pressed, renews while held, stops once when released, in order', async () => {
    const { held, sent } = fixture();
    held.start('right');
    held.start('right'); // auto-repeat of a key
    await settle();
    jest.advanceTimersByTime(2500);
    held.end();
    held.end();
    await settle();
    const move = `move ${JSON.stringify(moveRequest('right'))}`;
    expect(sent).toEqual([move, move, move, 'stop']);
    jest.advanceTimersByTime(5000);
    await settle();
    expect(sent).toHaveLength(4);
  });

  it('reports a refused move and does not renew it', async () => {
    const { held, sent, errors, refuse } = fixture();
    refuse();
    held.start('up');
    await settle();
    jest.advanceTimersByTime(3000);
    await settle();
    expect(sent).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });
});
