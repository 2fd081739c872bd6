import type { Catalog } from './catalog';
import { openTempCatalog } from './test-support/temp-catalog';

describe('OfflinePeriodStore', () => {
  let catalog: Catalog;
  let dispose: () => Promise<void>;

  beforeEach(async () => ({ catalog, dispose } = await openTempCatalog()));
  afterEach(() => dispose());

  it('opens a period and closes it once', async () => {
    const id = await catalog.offlinePeriods.open('cam', 1_000, 'connection refused');
    expect(await catalog.offlinePeriods.close(id, 2_000)).toBe(true);
    expect(await catalog.offlinePeriods.close(id, 3_000)).toBe(false);
    expect(await catalog.offlinePeriods.between('cam', 0, 10_000)).toEqual([
      { id, camera_id: 'cam', start_ms: 1_000, end_ms: 2_000, reason: 'connection refused' },
    ]);
  });

  it('finds the periods overlapping a range, the one still open included', async () => {
    const closed = await catalog.offlinePeriods.open('cam', 100, 'timeout');
    await catalog.offlinePeriods.close(closed, 200);
    const open = await catalog.offlinePeriods.open('cam', 500, '401 Unauthorized');
    await catalog.offlinePeriods.open('yard', 150, 'timeout');
    const ids = async (startMs: number, endMs: number) =>
      (await catalog.offlinePeriods.between('cam', startMs, endMs)).map((period) => period.id);
    expect(await ids(150, 600)).toEqual([closed, open]);
    expect(await ids(200, 500)).toEqual([]);
    expect(await ids(10_000, 20_000)).toEqual([open]);
  });

  it('closes the periods a crash left open at the last-known-alive time', async () => {
    const a = await catalog.offlinePeriods.open('a', 100, 'timeout');
    const b = await catalog.offlinePeriods.open('b', 200, 'timeout');
    const late = await catalog.offlinePeriods.open('c', 900, 'timeout');
    const done = await catalog.offlinePeriods.open('d', 0, 'timeout');
    await catalog.offlinePeriods.close(done, 50);

    expect(await catalog.offlinePeriods.closeDangling(500)).toBe(3);
    const ends = async (cameraId: string) =>
      (await catalog.offlinePeriods.between(cameraId, 0, 10_000)).map((period) => [
        period.id,
        period.end_ms,
      ]);
    expect(await ends('a')).toEqual([[a, 500]]);
    expect(await ends('b')).toEqual([[b, 500]]);
    expect(await ends('c')).toEqual([[late, 900]]);
    expect(await ends('d')).toEqual([[done, 50]]);
    expect(await catalog.offlinePeriods.closeDangling(600)).toBe(0);
  });
});
