import type { Catalog } from './catalog';
import { CatalogConflictError } from './catalog-errors';
import { openTempCatalog } from './test-support/temp-catalog';

describe('EventStore', () => {
  let catalog: Catalog;
  let dispose: () => Promise<void>;

  beforeEach(async () => ({ catalog, dispose } = await openTempCatalog()));
  afterEach(() => dispose());

  it('inserts an open event with a made-up UUID and the defaults', async () => {
    const event = await catalog.events.insert({ camera_id: 'cam', session_id: 's', start_ms: 10 });
    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      camera_id: 'cam',
      session_id: 's',
      start_ms: 10,
      end_ms: null,
      peak_score: 0,
      clip_filename: null,
    });
    expect(await catalog.events.get(event.id)).toEqual(event);
  });

  it('refuses a second event with the same id', async () => {
    await catalog.events.insert({ id: 'e1', session_id: 's', start_ms: 0 });
    await expect(catalog.events.insert({ id: 'e1', session_id: 's', start_ms: 1 })).rejects.toThrow(
      CatalogConflictError,
    );
  });

  it('updates the end, peak and clip; undefined for an unknown event', async () => {
    const { id } = await catalog.events.insert({ session_id: 's', start_ms: 0 });
    expect(await catalog.events.update(id, { peak_score: 0.7 })).toMatchObject({
      peak_score: 0.7,
      end_ms: null,
    });
    expect(
      await catalog.events.update(id, { end_ms: 5_000, clip_filename: 'c.mp4' }),
    ).toMatchObject({
      peak_score: 0.7,
      end_ms: 5_000,
      clip_filename: 'c.mp4',
    });
    expect(await catalog.events.update(id, {})).toMatchObject({ end_ms: 5_000 });
    expect(await catalog.events.update('nope', { end_ms: 1 })).toBeUndefined();
  });

  it('lists newest first, filtered by camera, session and start, up to the limit', async () => {
    await catalog.events.insert({ id: 'a', camera_id: 'cam', session_id: 's1', start_ms: 1 });
    await catalog.events.insert({ id: 'b', camera_id: 'yard', session_id: 's2', start_ms: 2 });
    await catalog.events.insert({ id: 'c', camera_id: 'cam', session_id: 's1', start_ms: 3 });
    await catalog.events.insert({ id: 'd', session_id: 's3', start_ms: 4 });
    const ids = async (options: Parameters<Catalog['events']['list']>[0]) =>
      (await catalog.events.list(options)).map((event) => event.id);
    expect(await ids({ limit: 10 })).toEqual(['d', 'c', 'b', 'a']);
    expect(await ids({ limit: 2 })).toEqual(['d', 'c']);
    expect(await ids({ limit: 10, cameraId: 'cam' })).toEqual(['c', 'a']);
    expect(await ids({ limit: 10, sessionId: 's2' })).toEqual(['b']);
    expect(await ids({ limit: 10, sinceMs: 3 })).toEqual(['d', 'c']);
  });

  it('finds the events of a camera overlapping a range, an open one included', async () => {
    await catalog.events.insert({
      id: 'before',
      camera_id: 'cam',
      session_id: 's',
      start_ms: 0,
      end_ms: 100,
    });
    await catalog.events.insert({
      id: 'covering',
      camera_id: 'cam',
      session_id: 's',
      start_ms: 150,
      end_ms: 250,
    });
    await catalog.events.insert({
      id: 'inside',
      camera_id: 'cam',
      session_id: 's',
      start_ms: 300,
      end_ms: 350,
    });
    await catalog.events.insert({
      id: 'at-end',
      camera_id: 'cam',
      session_id: 's',
      start_ms: 400,
      end_ms: 450,
    });
    await catalog.events.insert({ id: 'open', camera_id: 'cam', session_id: 's', start_ms: 500 });
    await catalog.events.insert({
      id: 'other',
      camera_id: 'yard',
      session_id: 't',
      start_ms: 200,
      end_ms: 300,
    });
    const ids = async (startMs: number, endMs: number) =>
      (await catalog.events.between('cam', startMs, endMs)).map((event) => event.id);
    expect(await ids(200, 400)).toEqual(['covering', 'inside']);
    expect(await ids(100, 150)).toEqual([]);
    expect(await ids(1_000, 2_000)).toEqual(['open']);
  });

  it('closes the events a crash left open, never before their start', async () => {
    const early = await catalog.events.insert({ session_id: 's', start_ms: 100 });
    const late = await catalog.events.insert({ session_id: 's', start_ms: 900 });
    const ended = await catalog.events.insert({ session_id: 's', start_ms: 0, end_ms: 50 });
    expect(await catalog.events.closeDangling(500)).toBe(2);
    expect((await catalog.events.get(early.id))?.end_ms).toBe(500);
    expect((await catalog.events.get(late.id))?.end_ms).toBe(900);
    expect((await catalog.events.get(ended.id))?.end_ms).toBe(50);
    expect(await catalog.events.closeDangling(600)).toBe(0);
  });

  it('forgets a deleted clip in the events that had it, keeping the events', async () => {
    const a = await catalog.events.insert({ session_id: 's', start_ms: 0, clip_filename: 'c.mp4' });
    const b = await catalog.events.insert({ session_id: 's', start_ms: 9, clip_filename: 'd.mp4' });
    expect(await catalog.events.forgetClip('c.mp4')).toBe(1);
    expect(await catalog.events.get(a.id)).toMatchObject({ clip_filename: null });
    expect(await catalog.events.get(b.id)).toMatchObject({ clip_filename: 'd.mp4' });
  });

  it('deletes an event; a second delete answers false', async () => {
    const { id } = await catalog.events.insert({ session_id: 's', start_ms: 0 });
    expect(await catalog.events.delete(id)).toBe(true);
    expect(await catalog.events.delete(id)).toBe(false);
  });
});
