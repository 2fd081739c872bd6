import type { Catalog } from './catalog';
import { CatalogConflictError } from './catalog-errors';
import { manualClock, openTempCatalog } from './test-support/temp-catalog';

describe('ExportStore', () => {
  let catalog: Catalog;
  let dispose: () => Promise<void>;
  const clock = manualClock();

  beforeEach(async () => ({ catalog, dispose } = await openTempCatalog({ now: clock.now })));
  afterEach(() => dispose());

  const range = { camera_ids: ['cam', 'yard'], start_ms: 1_000, end_ms: 61_000 };

  it('inserts a pending export and returns its camera ids as an array', async () => {
    const row = await catalog.exports.insert({ ...range, filename: 'export-1.mp4' });
    expect(row).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      filename: 'export-1.mp4',
      camera_ids: ['cam', 'yard'],
      start_ms: 1_000,
      end_ms: 61_000,
      state: 'pending',
      progress: 0,
      bytes: 0,
      error: null,
      created_at: clock.now(),
    });
    expect(await catalog.exports.get(row.id)).toEqual(row);
  });

  it('refuses a second export to the same file, naming the field', async () => {
    await catalog.exports.insert({ ...range, filename: 'same.mp4' });
    await expect(catalog.exports.insert({ ...range, filename: 'same.mp4' })).rejects.toMatchObject({
      field: 'filename',
    });
    await expect(
      catalog.exports.insert({ ...range, id: 'x', filename: 'a.mp4' }),
    ).resolves.toBeDefined();
    await expect(catalog.exports.insert({ ...range, id: 'x', filename: 'b.mp4' })).rejects.toThrow(
      CatalogConflictError,
    );
  });

  it('updates state, progress, bytes and error; undefined for an unknown export', async () => {
    const { id } = await catalog.exports.insert({ ...range, filename: 'e.mp4' });
    expect(await catalog.exports.update(id, { state: 'writing', progress: 0.5 })).toMatchObject({
      state: 'writing',
      progress: 0.5,
    });
    expect(
      await catalog.exports.update(id, { state: 'failed', error: 'disk full', bytes: 10 }),
    ).toMatchObject({ state: 'failed', progress: 0.5, error: 'disk full', bytes: 10 });
    expect(await catalog.exports.update(id, {})).toMatchObject({ state: 'failed' });
    expect(await catalog.exports.update('nope', { state: 'done' })).toBeUndefined();
  });

  it('lists newest first, up to a limit, and deletes', async () => {
    const first = await catalog.exports.insert({ ...range, filename: '1.mp4' });
    clock.advance(1_000);
    const second = await catalog.exports.insert({ ...range, filename: '2.mp4' });
    expect((await catalog.exports.list()).map((row) => row.id)).toEqual([second.id, first.id]);
    expect((await catalog.exports.list({ limit: 1 })).map((row) => row.id)).toEqual([second.id]);
    expect(await catalog.exports.delete(second.id)).toBe(true);
    expect(await catalog.exports.delete(second.id)).toBe(false);
    expect((await catalog.exports.list()).map((row) => row.id)).toEqual([first.id]);
  });
});
