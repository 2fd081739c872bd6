import type { Catalog } from './catalog';
import { CatalogConflictError } from './catalog-errors';
import type { NewSegment, StartSegment } from './segment-store';
import { queryPlan } from './test-support/query-plan';
import { openTempCatalog } from './test-support/temp-catalog';
import { writingSegmentsQuery } from './segment-queries';
import { writingTotalsQuery } from './segment-totals';

const MIN = 60_000;

function start(cameraId: string, n: number): StartSegment {
  return {
    cameraId,
    path: `${cameraId}/${n}.mp4`,
    startMs: n * MIN,
    codec: 'avc1.64001f',
    storage: 'copy',
  };
}

function finalRow(cameraId: string, n: number, bytes = 1_000): NewSegment {
  return {
    camera_id: cameraId,
    path: `${cameraId}/${n}.mp4`,
    start_ms: n * MIN,
    end_ms: (n + 1) * MIN,
    bytes,
    frames: 1_500,
    codec: 'avc1.64001f',
    storage: 'copy',
  };
}

describe('SegmentStore', () => {
  let catalog: Catalog;
  let filePath: string;
  let dispose: () => Promise<void>;

  beforeEach(async () => ({ catalog, filePath, dispose } = await openTempCatalog()));
  afterEach(() => dispose());

  it('writes a segment: a writing row, its progress, then final', async () => {
    const id = await catalog.segments.startWriting(start('cam', 0));
    expect(await catalog.segments.byPath('cam/0.mp4')).toEqual({
      id,
      camera_id: 'cam',
      path: 'cam/0.mp4',
      start_ms: 0,
      end_ms: 0,
      bytes: 0,
      frames: 0,
      codec: 'avc1.64001f',
      storage: 'copy',
      state: 'writing',
    });
    expect(await catalog.segments.progress(id, { endMs: 1_000, bytes: 500, frames: 25 })).toBe(
      true,
    );
    expect(await catalog.segments.byPath('cam/0.mp4')).toMatchObject({ end_ms: 1_000, bytes: 500 });
    expect(await catalog.segments.finish(id, { endMs: MIN, bytes: 30_000, frames: 1_500 })).toBe(
      true,
    );
    expect(await catalog.segments.byPath('cam/0.mp4')).toMatchObject({
      end_ms: MIN,
      bytes: 30_000,
      frames: 1_500,
      state: 'final',
    });
  });

  it('leaves a final segment alone: progress and a second finish answer false', async () => {
    const id = await catalog.segments.startWriting(start('cam', 0));
    await catalog.segments.finish(id, { endMs: MIN, bytes: 100, frames: 10 });
    expect(await catalog.segments.progress(id, { endMs: 2 * MIN, bytes: 1, frames: 1 })).toBe(
      false,
    );
    expect(await catalog.segments.finish(id, { endMs: 2 * MIN, bytes: 1, frames: 1 })).toBe(false);
    expect(await catalog.segments.byPath('cam/0.mp4')).toMatchObject({ end_ms: MIN, bytes: 100 });
    expect((await catalog.segments.totals()).bytes).toBe(100);
  });

  it('refuses a second row for the same path, naming the field', async () => {
    await catalog.segments.startWriting(start('cam', 0));
    await expect(catalog.segments.startWriting(start('cam', 0))).rejects.toThrow(
      CatalogConflictError,
    );
    await expect(catalog.segments.startWriting(start('cam', 0))).rejects.toMatchObject({
      field: 'path',
    });
  });

  it('lists the rows still being written (after a crash, the files to repair)', async () => {
    const c = await catalog.segments.startWriting(start('c', 0));
    const b = await catalog.segments.startWriting(start('b', 0));
    const a = await catalog.segments.startWriting(start('a', 0));
    await catalog.segments.finish(b, { endMs: MIN, bytes: 1, frames: 1 });
    expect((await catalog.segments.writing()).map((row) => row.id)).toEqual([a, c]);
  });

  it('finds the writing rows through their partial index', async () => {
    const plan = queryPlan(filePath, writingSegmentsQuery(catalog.db).compile());
    expect(plan).toEqual(['SCAN segments USING INDEX segments_writing']);
  });

  it('lists every path, or one camera’s, for reconciling with the folder', async () => {
    await catalog.segments.insertMany([finalRow('a', 0), finalRow('a', 1), finalRow('b', 0)]);
    expect((await catalog.segments.allPaths()).sort()).toEqual(['a/0.mp4', 'a/1.mp4', 'b/0.mp4']);
    expect((await catalog.segments.allPaths('a')).sort()).toEqual(['a/0.mp4', 'a/1.mp4']);
    expect(await catalog.segments.allPaths('none')).toEqual([]);
  });

  it('forgets every row and the totals, for re-indexing', async () => {
    await catalog.segments.insertMany([finalRow('a', 0), finalRow('b', 1)]);
    await catalog.segments.startWriting(start('a', 2));
    expect(await catalog.segments.forgetAll()).toBe(3);
    expect(await catalog.segments.allPaths()).toEqual([]);
    expect(await catalog.segments.totals()).toEqual({ bytes: 0, segments: 0, byCamera: [] });
  });

  it('deletes a row; a second delete answers false', async () => {
    await catalog.segments.insertMany([finalRow('a', 0)]);
    const row = await catalog.segments.byPath('a/0.mp4');
    expect(await catalog.segments.delete(row?.id ?? -1)).toBe(true);
    expect(await catalog.segments.delete(row?.id ?? -1)).toBe(false);
    expect(await catalog.segments.byPath('a/0.mp4')).toBeUndefined();
  });

  it('keeps totals per camera through finish, bulk insert and delete, writing rows included', async () => {
    await catalog.segments.insertMany([
      finalRow('a', 0, 100),
      finalRow('a', 1, 200),
      finalRow('b', 0, 50),
    ]);
    const writing = await catalog.segments.startWriting(start('b', 1));
    await catalog.segments.progress(writing, { endMs: MIN + 1_000, bytes: 7, frames: 1 });
    expect(await catalog.segments.totals()).toEqual({
      bytes: 357,
      segments: 4,
      byCamera: [
        { camera_id: 'a', bytes: 300, segments: 2 },
        { camera_id: 'b', bytes: 57, segments: 2 },
      ],
    });

    await catalog.segments.finish(writing, { endMs: 2 * MIN, bytes: 70, frames: 2 });
    const first = await catalog.segments.byPath('a/0.mp4');
    await catalog.segments.delete(first?.id ?? -1);
    expect(await catalog.segments.totals()).toEqual({
      bytes: 320,
      segments: 3,
      byCamera: [
        { camera_id: 'a', bytes: 200, segments: 1 },
        { camera_id: 'b', bytes: 120, segments: 2 },
      ],
    });

    const writingAgain = await catalog.segments.startWriting(start('c', 0));
    await catalog.segments.delete(writingAgain);
    for (const path of ['a/1.mp4', 'b/0.mp4', 'b/1.mp4']) {
      await catalog.segments.delete((await catalog.segments.byPath(path))?.id ?? -1);
    }
    expect(await catalog.segments.totals()).toEqual({ bytes: 0, segments: 0, byCamera: [] });
  });

  it('adds the bytes being written from their partial index, without reading final segments', async () => {
    const plan = queryPlan(filePath, writingTotalsQuery(catalog.db).compile());
    expect(plan).toEqual(['SCAN segments USING INDEX segments_writing']);
  });

  it('inserts many rows in one transaction: a duplicate path leaves none of them', async () => {
    await catalog.segments.insertMany([finalRow('a', 5)]);
    const batch = Array.from({ length: 1_200 }, (_, n) => finalRow('a', n));
    await expect(catalog.segments.insertMany(batch)).rejects.toMatchObject({ field: 'path' });
    expect(await catalog.segments.allPaths()).toEqual(['a/5.mp4']);
    expect((await catalog.segments.totals()).segments).toBe(1);
  });

  it('inserts writing rows in bulk too, counting them as writing', async () => {
    expect(
      await catalog.segments.insertMany([
        finalRow('a', 0),
        { ...finalRow('a', 1), state: 'writing' },
      ]),
    ).toBe(2);
    expect((await catalog.segments.writing()).map((row) => row.path)).toEqual(['a/1.mp4']);
    expect(await catalog.segments.insertMany([])).toBe(0);
  });
});
