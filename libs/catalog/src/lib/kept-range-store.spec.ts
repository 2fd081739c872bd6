import type { Catalog } from './catalog';
import { manualClock, openTempCatalog } from './test-support/temp-catalog';

describe('KeptRangeStore', () => {
  let catalog: Catalog;
  let dispose: () => Promise<void>;
  const clock = manualClock();

  beforeEach(async () => ({ catalog, dispose } = await openTempCatalog({ now: clock.now })));
  afterEach(() => dispose());

  it('inserts a range with its note and creation time', async () => {
    const range = await catalog.keptRanges.insert({
      camera_id: 'cam',
      start_ms: 100,
      end_ms: 200,
      note: 'delivery van',
    });
    expect(range).toEqual({
      id: expect.any(Number),
      camera_id: 'cam',
      start_ms: 100,
      end_ms: 200,
      note: 'delivery van',
      created_at: clock.now(),
    });
  });

  it('lists the ranges of a camera overlapping a range, overlapping ranges included', async () => {
    const long = await catalog.keptRanges.insert({ camera_id: 'cam', start_ms: 0, end_ms: 1_000 });
    const short = await catalog.keptRanges.insert({ camera_id: 'cam', start_ms: 100, end_ms: 200 });
    await catalog.keptRanges.insert({ camera_id: 'cam', start_ms: 1_000, end_ms: 1_100 });
    await catalog.keptRanges.insert({ camera_id: 'yard', start_ms: 500, end_ms: 600 });
    const ids = async (startMs: number, endMs: number) =>
      (await catalog.keptRanges.list('cam', startMs, endMs)).map((range) => range.id);
    expect(await ids(500, 1_000)).toEqual([long.id]);
    expect(await ids(150, 160)).toEqual([long.id, short.id]);
    expect(await ids(2_000, 3_000)).toEqual([]);
  });

  it('deletes a range; a second delete answers false', async () => {
    const { id } = await catalog.keptRanges.insert({ camera_id: 'cam', start_ms: 0, end_ms: 1 });
    expect(await catalog.keptRanges.delete(id)).toBe(true);
    expect(await catalog.keptRanges.delete(id)).toBe(false);
  });
});
