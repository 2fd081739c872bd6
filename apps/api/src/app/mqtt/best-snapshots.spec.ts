import { BestSnapshots, CAPTURE_INTERVAL_MS, MIN_RISE } from './best-snapshots';

/** A snapshot taker whose captures finish when the test says, and a clock the test moves. */
function setup() {
  const captures: { cameraId: string; finish: (jpeg: string) => void; fail: () => void }[] = [];
  const published: string[] = [];
  const errors: string[] = [];
  const clock = { now: 0 };
  const snapshots = new BestSnapshots({
    take: (cameraId) =>
      new Promise<Buffer>((resolve, reject) =>
        captures.push({
          cameraId,
          finish: (jpeg) => resolve(Buffer.from(jpeg)),
          fail: () => reject(new Error('camera cam is not online')),
        }),
      ),
    publish: (cameraId, jpeg) => published.push(`${cameraId}:${jpeg.toString()}`),
    onError: (cameraId, eventId, error) => errors.push(`${cameraId} ${eventId}: ${error.message}`),
    now: () => clock.now,
  });
  /** Lets a finished capture's promise settle. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const frame = (score: number, eventId = 'e1', cameraId = 'cam') =>
    snapshots.frame({ cameraId, eventId, score });
  return { snapshots, captures, published, errors, clock, settle, frame };
}

describe('BestSnapshots', () => {
  it("takes the first snapshot at the event's first frame and publishes it with the start", async () => {
    const { snapshots, captures, published, settle, frame } = setup();
    frame(0.02); // the frame that starts the event comes before its `start`
    expect(captures.map((c) => c.cameraId)).toEqual(['cam']);
    captures[0].finish('first');
    await settle();
    frame(0.5); // one capture before the start, however the score rises
    expect(captures).toHaveLength(1);
    expect(published).toEqual([]);
    snapshots.start('cam', 'e1');
    expect(published).toEqual(['cam:first']);
    expect(captures).toHaveLength(1);
  });

  it('publishes a capture still running at the start as soon as it is taken', async () => {
    const { snapshots, captures, published, settle, frame } = setup();
    frame(0.02);
    snapshots.start('cam', 'e1');
    expect(captures).toHaveLength(1);
    captures[0].finish('first');
    await settle();
    expect(published).toEqual(['cam:first']);
  });

  it('takes one at the start when no frame of the event came before it', async () => {
    const { snapshots, captures, published, settle } = setup();
    snapshots.start('cam', 'e1');
    expect(captures.map((c) => c.cameraId)).toEqual(['cam']);
    captures[0].finish('first');
    await settle();
    expect(published).toEqual(['cam:first']);
  });

  it('replaces it when a frame scores MIN_RISE times the shown one, once the interval has passed', async () => {
    const { snapshots, captures, published, clock, settle, frame } = setup();
    frame(0.02);
    snapshots.start('cam', 'e1');
    captures[0].finish('first');
    await settle();
    // A higher score inside the interval waits; jitter below MIN_RISE never counts.
    clock.now = CAPTURE_INTERVAL_MS - 1;
    frame(0.05);
    clock.now = CAPTURE_INTERVAL_MS;
    frame(0.02 * MIN_RISE * 0.99);
    expect(captures).toHaveLength(1);
    // The next frame that still scores high enough after the interval is taken.
    frame(0.02 * MIN_RISE);
    expect(captures).toHaveLength(2);
    captures[1].finish('better');
    await settle();
    expect(published).toEqual(['cam:first', 'cam:better']);
    // Compared with the frame the new snapshot was taken at (0.024) from now on.
    clock.now = 3 * CAPTURE_INTERVAL_MS;
    frame(0.028);
    expect(captures).toHaveLength(2);
    frame(0.03);
    expect(captures).toHaveLength(3);
  });

  it('never runs two captures of a camera at once, however long one takes', async () => {
    const { snapshots, captures, published, clock, settle, frame } = setup();
    frame(0.01);
    snapshots.start('cam', 'e1');
    clock.now = 5 * CAPTURE_INTERVAL_MS;
    frame(0.5);
    expect(captures).toHaveLength(1);
    captures[0].finish('slow');
    await settle();
    frame(0.5);
    expect(captures).toHaveLength(2);
    captures[1].finish('best');
    await settle();
    expect(published).toEqual(['cam:slow', 'cam:best']);
  });

  it('publishes nothing after the event ended: a capture still running is dropped, frames take none', async () => {
    const { snapshots, captures, published, clock, settle, frame } = setup();
    frame(0.01);
    snapshots.start('cam', 'e1');
    captures[0].finish('first');
    await settle();
    clock.now = CAPTURE_INTERVAL_MS;
    frame(0.1);
    snapshots.end('cam', 'e1');
    captures[1].finish('late');
    await settle();
    clock.now = 10 * CAPTURE_INTERVAL_MS;
    frame(0.9);
    expect(captures).toHaveLength(2);
    expect(published).toEqual(['cam:first']);
  });

  it('lets a newer event replace one whose end has not come yet, and keeps cameras apart', async () => {
    const { snapshots, captures, published, settle, frame } = setup();
    frame(0.01, 'e1');
    snapshots.start('cam', 'e1');
    frame(0.01, 'x1', 'other');
    snapshots.start('other', 'x1');
    // The analysis started e2 (its first frame) before e1's end came through.
    frame(0.02, 'e2');
    snapshots.start('cam', 'e2');
    snapshots.end('cam', 'e1'); // late: e2 is the camera's event now
    expect(captures.map((c) => c.cameraId)).toEqual(['cam', 'other', 'cam']);
    captures[0].finish('e1');
    captures[1].finish('x1');
    captures[2].finish('e2');
    await settle();
    expect(published).toEqual(['other:x1', 'cam:e2']);
  });

  it('reports a failed capture and tries again with the next frame after the interval', async () => {
    const { snapshots, captures, published, errors, clock, settle, frame } = setup();
    frame(0.03);
    snapshots.start('cam', 'e1');
    captures[0].fail();
    await settle();
    expect(errors).toEqual(['cam e1: camera cam is not online']);
    frame(0.03);
    expect(captures).toHaveLength(1);
    clock.now = CAPTURE_INTERVAL_MS;
    frame(0.03); // nothing is shown yet: any score will do
    captures[1].finish('retry');
    await settle();
    expect(published).toEqual(['cam:retry']);
  });

  it('forgets a deleted camera: its capture in progress is not published', async () => {
    const { snapshots, captures, published, settle, frame } = setup();
    frame(0.03);
    snapshots.start('cam', 'e1');
    snapshots.forget('cam');
    captures[0].finish('gone');
    await settle();
    expect(published).toEqual([]);
  });
});
