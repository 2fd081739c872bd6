import type { Catalog } from './catalog';
import { openTempCatalog } from './test-support/temp-catalog';

describe('MetaStore', () => {
  let catalog: Catalog;
  let dispose: () => Promise<void>;

  beforeEach(async () => ({ catalog, dispose } = await openTempCatalog()));
  afterEach(() => dispose());

  it('sets, replaces, reads and deletes a value', async () => {
    expect(await catalog.meta.get('sidecars_imported')).toBeUndefined();
    await catalog.meta.set('sidecars_imported', '2026-01-01');
    await catalog.meta.set('sidecars_imported', '2026-02-01');
    expect(await catalog.meta.get('sidecars_imported')).toBe('2026-02-01');
    expect(await catalog.meta.delete('sidecars_imported')).toBe(true);
    expect(await catalog.meta.delete('sidecars_imported')).toBe(false);
    expect(await catalog.meta.get('sidecars_imported')).toBeUndefined();
  });
});
