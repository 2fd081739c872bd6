import type { Catalog } from './catalog';
import { oldestSegmentsQuery } from './segment-queries';
import { queryPlan } from './test-support/query-plan';
import { segmentRow } from './test-support/segment-rows';
import { openTempCatalog } from './test-support/temp-catalog';

const MIN = 60_000;

/** The segment of `cameraId` over minute `m`. */
const minute = (cameraId: string, m: number) => segmentRow(cameraId, m * MIN, (m + 1) * MIN);

describe('SegmentStore.oldest (retention candidates)', () => {
  let catalog: Catalog;
  let filePath: string;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ catalog, filePath, dispose } = await openTempCatalog());
    await catalog.segments.insertMany(
      [0, 1, 2, 3, 4, 5].flatMap((m) => [minute('cam', m), minute('other', m)]),
    );
  });
  afterEach(() => dispose());

  async function flags(cameraId = 'cam') {
    const rows = await catalog.segments.oldest(100);
    return rows
      .filter((row) => row.camera_id === cameraId)
      .map((row) => ({ m: row.start_ms / MIN, kept: row.kept, has_event: row.has_event }));
  }

  it('lists final segments oldest first, up to the limit and before a time', async () => {
    const rows = await catalog.segments.oldest(3);
    expect(rows.map((row) => [row.camera_id, row.start_ms / MIN])).toEqual([
      ['cam', 0],
      ['other', 0],
      ['cam', 1],
    ]);
    const before = await catalog.segments.oldest(100, { beforeMs: 2 * MIN });
    expect(before.map((row) => row.start_ms / MIN)).toEqual([0, 0, 1, 1]);
  });

  it('never offers a segment still being written', async () => {
    await catalog.segments.startWriting({
      cameraId: 'cam',
      path: 'cam/early.mp4',
      startMs: -MIN,
      codec: 'avc1',
      storage: 'copy',
    });
    expect((await catalog.segments.oldest(1))[0].path).toBe('cam/0.mp4');
  });

  it('flags segments overlapping a kept range of their own camera only', async () => {
    await catalog.keptRanges.insert({ camera_id: 'cam', start_ms: 1.5 * MIN, end_ms: 3 * MIN });
    await catalog.keptRanges.insert({ camera_id: 'other', start_ms: 5 * MIN, end_ms: 6 * MIN });
    expect((await flags()).filter((row) => row.kept).map((row) => row.m)).toEqual([1, 2]);
    expect((await flags('other')).filter((row) => row.kept).map((row) => row.m)).toEqual([5]);
  });

  it('flags segments overlapping an event of their camera, an open event included', async () => {
    await catalog.events.insert({
      camera_id: 'cam',
      session_id: 's',
      start_ms: 0.5 * MIN,
      end_ms: 1 * MIN, // touches minute 1 without overlapping it
    });
    await catalog.events.insert({ camera_id: 'cam', session_id: 's', start_ms: 4.2 * MIN });
    await catalog.events.insert({
      camera_id: 'other',
      session_id: 't',
      start_ms: 2 * MIN,
      end_ms: 2.5 * MIN,
    });
    expect(await flags()).toEqual([
      { m: 0, kept: false, has_event: true },
      { m: 1, kept: false, has_event: false },
      { m: 2, kept: false, has_event: false },
      { m: 3, kept: false, has_event: false },
      { m: 4, kept: false, has_event: true },
      { m: 5, kept: false, has_event: true },
    ]);
  });

  it('walks the start_ms index and seeks the kept-range and event indexes', () => {
    const plan = queryPlan(filePath, oldestSegmentsQuery(catalog.db, 10, 5 * MIN).compile());
    expect(plan).toEqual([
      'SEARCH s USING INDEX segments_start_ms (start_ms<?)',
      'CORRELATED SCALAR SUBQUERY 1',
      'SEARCH k USING INDEX kept_ranges_camera_id_start_ms (camera_id=? AND start_ms<?)',
      'CORRELATED SCALAR SUBQUERY 2',
      'SEARCH e USING INDEX events_camera_id_start_ms (camera_id=? AND start_ms<?)',
    ]);
  });
});
