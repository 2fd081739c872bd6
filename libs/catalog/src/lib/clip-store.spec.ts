import type { Catalog } from './catalog';
import type { ClipRow } from './clip-store';
import { openTempCatalog } from './test-support/temp-catalog';

function clip(filename: string, fields: Partial<ClipRow> = {}): ClipRow {
  return {
    filename,
    camera_id: 'cam',
    session_id: 'session-1',
    trigger: 'manual',
    event_id: null,
    start_ms: 1_000,
    end_ms: 2_000,
    bytes: 100,
    keep: false,
    state: 'final',
    metadata: { filename, duration: 1 },
    ...fields,
  };
}

describe('ClipStore', () => {
  let catalog: Catalog;
  let dispose: () => Promise<void>;

  beforeEach(async () => ({ catalog, dispose } = await openTempCatalog()));
  afterEach(() => dispose());

  it('stores a clip and returns it as given, flags and metadata included', async () => {
    const row = clip('a.mp4', { keep: true, event_id: 'e1', trigger: 'motion' });
    await catalog.clips.upsert(row);
    expect(await catalog.clips.get('a.mp4')).toEqual(row);
    expect(await catalog.clips.get('missing.mp4')).toBeUndefined();
  });

  it('replaces the row of a filename on a second upsert', async () => {
    await catalog.clips.upsert(clip('a.mp4', { state: 'recording', bytes: 0 }));
    const done = clip('a.mp4', { state: 'final', bytes: 5_000, metadata: { finished: true } });
    await catalog.clips.upsert(done);
    expect(await catalog.clips.get('a.mp4')).toEqual(done);
    expect(await catalog.clips.allFilenames()).toEqual(['a.mp4']);
  });

  it('lists newest first, filtered by camera, session and start time, paged', async () => {
    await catalog.clips.upsert(clip('1.mp4', { start_ms: 1_000 }));
    await catalog.clips.upsert(clip('2.mp4', { start_ms: 2_000, camera_id: 'yard' }));
    await catalog.clips.upsert(clip('3.mp4', { start_ms: 3_000, session_id: 'session-2' }));
    await catalog.clips.upsert(clip('4.mp4', { start_ms: 4_000, camera_id: null }));
    const names = async (options: Parameters<Catalog['clips']['list']>[0]) =>
      (await catalog.clips.list(options)).map((row) => row.filename);

    expect(await names({ limit: 10 })).toEqual(['4.mp4', '3.mp4', '2.mp4', '1.mp4']);
    expect(await names({ limit: 2, offset: 1 })).toEqual(['3.mp4', '2.mp4']);
    expect(await names({ limit: 10, cameraId: 'cam' })).toEqual(['3.mp4', '1.mp4']);
    expect(await names({ limit: 10, sessionId: 'session-2' })).toEqual(['3.mp4']);
    expect(await names({ limit: 10, since: 2_000, before: 4_000 })).toEqual(['3.mp4', '2.mp4']);
  });

  it('finds the latest final clip of a session', async () => {
    await catalog.clips.upsert(clip('old.mp4', { start_ms: 1_000 }));
    await catalog.clips.upsert(clip('new.mp4', { start_ms: 5_000 }));
    await catalog.clips.upsert(clip('live.mp4', { start_ms: 9_000, state: 'recording' }));
    expect((await catalog.clips.latestOfSession('session-1'))?.filename).toBe('new.mp4');
    expect(await catalog.clips.latestOfSession('nobody')).toBeUndefined();
  });

  it('forgets every clip, for re-indexing', async () => {
    await catalog.clips.upsert(clip('a.mp4'));
    await catalog.clips.upsert(clip('b.mp4'));
    expect(await catalog.clips.forgetAll()).toBe(2);
    expect(await catalog.clips.allFilenames()).toEqual([]);
  });

  it('deletes a clip; a second delete answers false', async () => {
    await catalog.clips.upsert(clip('a.mp4'));
    expect(await catalog.clips.delete('a.mp4')).toBe(true);
    expect(await catalog.clips.delete('a.mp4')).toBe(false);
    expect(await catalog.clips.allFilenames()).toEqual([]);
  });

  it('adds up the bytes of all clips', async () => {
    expect(await catalog.clips.totalBytes()).toBe(0);
    await catalog.clips.upsert(clip('a.mp4', { bytes: 100 }));
    await catalog.clips.upsert(clip('b.mp4', { bytes: 250, camera_id: null }));
    expect(await catalog.clips.totalBytes()).toBe(350);
  });

  it('offers the oldest final clips for retention, never kept or recording ones', async () => {
    await catalog.clips.upsert(clip('kept.mp4', { start_ms: 1, keep: true }));
    await catalog.clips.upsert(clip('recording.mp4', { start_ms: 2, state: 'recording' }));
    await catalog.clips.upsert(clip('b.mp4', { start_ms: 4 }));
    await catalog.clips.upsert(clip('a.mp4', { start_ms: 3 }));
    await catalog.clips.upsert(clip('c.mp4', { start_ms: 5 }));
    expect((await catalog.clips.oldest(2)).map((row) => row.filename)).toEqual(['a.mp4', 'b.mp4']);
  });
});
