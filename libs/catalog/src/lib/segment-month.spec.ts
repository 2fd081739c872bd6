import type { Catalog } from './catalog';
import type { NewSegment } from './segment-store';
import { segmentsBetweenJsonQuery } from './segment-queries';
import { queryPlan } from './test-support/query-plan';
import { openTempCatalog } from './test-support/temp-catalog';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const MONTH_SEGMENTS = 30 * 24 * 60; // 43,200 one-minute segments
const T0 = Date.UTC(2026, 0, 1);

/** A month of `segmentMin`-minute segments of one camera. */
function monthOf(cameraId: string, segmentMin: number): NewSegment[] {
  return Array.from({ length: MONTH_SEGMENTS / segmentMin }, (_, n) => ({
    camera_id: cameraId,
    path: `${cameraId}/${n}.mp4`,
    start_ms: T0 + n * segmentMin * MIN,
    end_ms: T0 + (n + 1) * segmentMin * MIN,
    bytes: 2_000_000,
    frames: 1_500,
    codec: 'avc1.64001f',
    storage: 'copy' as const,
  }));
}

/** A month of continuous recording: the size the timeline and retention work at. */
describe('SegmentStore with a month of one-minute segments', () => {
  let catalog: Catalog;
  let filePath: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ catalog, filePath, dispose } = await openTempCatalog());
    expect(await catalog.segments.insertMany(monthOf('main', 1))).toBe(MONTH_SEGMENTS);
    // Three more cameras over the same month, with 5-minute segments (their rows interleave
    // with main's in the start_ms index; fewer of them keeps the test fast).
    for (const cameraId of ['back', 'side', 'roof']) {
      await catalog.segments.insertMany(monthOf(cameraId, 5));
    }
  });
  afterAll(() => dispose());

  it('answers a 30-day range with every segment of that camera only', async () => {
    const rows = await catalog.segments.between('main', T0, T0 + 30 * DAY);
    expect(rows).toHaveLength(MONTH_SEGMENTS);
    expect(rows.every((row) => row.camera_id === 'main')).toBe(true);
    expect(rows[0].start_ms).toBe(T0);
    expect(rows[rows.length - 1].end_ms).toBe(T0 + 30 * DAY);
  });

  it('answers one day starting mid-segment with the covering segment first', async () => {
    const start = T0 + 10 * DAY + 30_000;
    const rows = await catalog.segments.between('main', start, start + DAY);
    expect(rows).toHaveLength(24 * 60 + 1);
    expect(rows[0].start_ms).toBe(T0 + 10 * DAY);
  });

  it('keeps the index plan with 69,120 rows in the table', () => {
    const query = segmentsBetweenJsonQuery(catalog.db, 'main', T0 + DAY, T0 + 2 * DAY).compile();
    const plan = queryPlan(filePath, query);
    expect(plan.filter((step) => step.startsWith('SCAN'))).toEqual(['SCAN s']);
  });

  it('adds every bulk-inserted segment to the totals', async () => {
    const totals = await catalog.segments.totals();
    const segments = MONTH_SEGMENTS + 3 * (MONTH_SEGMENTS / 5);
    expect(totals.segments).toBe(segments);
    expect(totals.bytes).toBe(segments * 2_000_000);
    expect(totals.byCamera.map((camera) => camera.camera_id)).toEqual([
      'back',
      'main',
      'roof',
      'side',
    ]);
  });
});
