import type { Catalog } from './catalog';
import { segmentsBetweenJsonQuery } from './segment-queries';
import { queryPlan } from './test-support/query-plan';
import { segmentRow } from './test-support/segment-rows';
import { openTempCatalog } from './test-support/temp-catalog';

const MIN = 60_000;

describe('SegmentStore.between', () => {
  let catalog: Catalog;
  let filePath: string;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ catalog, filePath, dispose } = await openTempCatalog());
    // cam: [0,1) [1,2) [2,3) gap [5,6) [6,7) minutes; other: the same times.
    await catalog.segments.insertMany(
      [0, 1, 2, 5, 6].flatMap((m) => [
        segmentRow('cam', m * MIN, (m + 1) * MIN),
        segmentRow('other', m * MIN, (m + 1) * MIN),
      ]),
    );
  });
  afterEach(() => dispose());

  async function startsBetween(startMs: number, endMs: number): Promise<number[]> {
    const rows = await catalog.segments.between('cam', startMs, endMs);
    expect(rows.every((row) => row.camera_id === 'cam')).toBe(true);
    return rows.map((row) => row.start_ms / MIN);
  }

  it('includes the segment that covers the start, ordered by start', async () => {
    expect(await startsBetween(1.5 * MIN, 2.5 * MIN)).toEqual([1, 2]);
  });

  it('excludes a segment that only touches the range at its end or start', async () => {
    // [1,2) ends where the range starts; [3…) would start where it ends.
    expect(await startsBetween(2 * MIN, 3 * MIN)).toEqual([2]);
    expect(await startsBetween(1 * MIN, 2 * MIN)).toEqual([1]);
  });

  it('returns the one segment when the range lies inside it', async () => {
    expect(await startsBetween(6.2 * MIN, 6.3 * MIN)).toEqual([6]);
  });

  it('skips a covering candidate that ended before the start (a gap)', async () => {
    expect(await startsBetween(4 * MIN, 10 * MIN)).toEqual([5, 6]);
    expect(await startsBetween(3.5 * MIN, 4.5 * MIN)).toEqual([]);
  });

  it('starts at the range when no segment began before it', async () => {
    expect(await startsBetween(-10 * MIN, 1.5 * MIN)).toEqual([0, 1]);
  });

  it('returns everything in a range wider than the recording, and nothing past it', async () => {
    expect(await startsBetween(-MIN, 100 * MIN)).toEqual([0, 1, 2, 5, 6]);
    expect(await startsBetween(7 * MIN, 8 * MIN)).toEqual([]);
  });

  it('includes a segment still being written, as far as it has got', async () => {
    const id = await catalog.segments.startWriting({
      cameraId: 'cam',
      path: 'cam/live.mp4',
      startMs: 7 * MIN,
      codec: 'avc1',
      storage: 'copy',
    });
    await catalog.segments.progress(id, { endMs: 7.5 * MIN, bytes: 1, frames: 1 });
    expect(await startsBetween(7.2 * MIN, 8 * MIN)).toEqual([7]);
  });

  it('excludes other cameras and unknown cameras', async () => {
    expect(await catalog.segments.between('nobody', 0, 10 * MIN)).toEqual([]);
  });

  it('reads every column of each row as SQLite holds it, the limit the first rows by start', async () => {
    const asStored = await catalog.db
      .selectFrom('segments')
      .selectAll()
      .where('camera_id', '=', 'cam')
      .orderBy('start_ms')
      .execute();
    expect(asStored).toHaveLength(5);
    expect(await catalog.segments.between('cam', 0, 10 * MIN)).toEqual(asStored);
    expect(await catalog.segments.between('cam', 0, 10 * MIN, 2)).toEqual(asStored.slice(0, 2));
  });

  it('keeps text as written, quotes and non-ASCII included', async () => {
    const path = 'cam/"Tür" \\ 日本\n.mp4';
    await catalog.segments.insertMany([{ ...segmentRow('cam', 20 * MIN, 21 * MIN), path }]);
    const [row] = await catalog.segments.between('cam', 20 * MIN, 21 * MIN);
    expect(row.path).toBe(path);
  });

  it('seeks the (camera_id, start_ms) index twice and scans no table', async () => {
    const plan = queryPlan(
      filePath,
      segmentsBetweenJsonQuery(catalog.db, 'cam', 1.5 * MIN, 2.5 * MIN).compile(),
    );
    expect(plan.filter((step) => step.startsWith('SEARCH segments USING'))).toHaveLength(2);
    // The only scan is of the subquery's own rows, as they are put into the JSON array.
    expect(plan.filter((step) => step.startsWith('SCAN'))).toEqual(['SCAN s']);
    expect(plan.join('\n')).not.toContain('TEMP B-TREE');
    expect(plan).toContain(
      'SEARCH segments USING INDEX segments_camera_id_start_ms (camera_id=? AND start_ms>? AND start_ms<?)',
    );
  });
});
