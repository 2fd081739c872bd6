import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { Catalog } from './catalog';
import { CatalogMigrationError } from './catalog-errors';
import { migrateCatalog } from './catalog-migrator';
import { CATALOG_MIGRATIONS } from './migrations/catalog-migrations';
import { makeTempDir } from './test-support/temp-catalog';

const POSIX = process.platform !== 'win32';

describe('Catalog', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const opened: Catalog[] = [];

  beforeEach(async () => ({ dir, remove } = await makeTempDir()));
  afterEach(async () => {
    for (const catalog of opened.splice(0)) await catalog.close();
    await remove();
  });

  async function open(filePath = join(dir, 'catalog.db')): Promise<Catalog> {
    const catalog = await Catalog.open(filePath);
    opened.push(catalog);
    return catalog;
  }

  async function pragma(catalog: Catalog, name: string): Promise<unknown> {
    const { rows } = await sql<Record<string, unknown>>`pragma ${sql.raw(name)}`.execute(
      catalog.db,
    );
    return Object.values(rows[0])[0];
  }

  it('creates missing parent folders and reports the file as new', async () => {
    const filePath = join(dir, 'data', 'index', 'catalog.db');
    const catalog = await open(filePath);
    expect(existsSync(filePath)).toBe(true);
    expect(catalog.isNew).toBe(true);
  });

  (POSIX ? it : it.skip)('keeps the file and its WAL readable by the owner only', async () => {
    const filePath = join(dir, 'catalog.db');
    const catalog = await open(filePath);
    await catalog.cameras.insert({ name: 'Door', url: 'rtsp://admin:secret@door/1', motion: {} });
    expect(statSync(filePath).mode & 0o777).toBe(0o600);
    expect(statSync(`${filePath}-wal`).size).toBeGreaterThan(0);
    expect(statSync(`${filePath}-wal`).mode & 0o777).toBe(0o600);
    expect(statSync(`${filePath}-shm`).mode & 0o777).toBe(0o600);
  });

  (POSIX ? it : it.skip)('tightens an existing file that others could read', async () => {
    const filePath = join(dir, 'catalog.db');
    await (await open(filePath)).close();
    opened.pop();
    chmodSync(filePath, 0o644);
    const catalog = await open(filePath);
    expect(statSync(filePath).mode & 0o777).toBe(0o600);
    expect(catalog.isNew).toBe(false);
  });

  it('treats an empty file (a crash right after creating it) as new', async () => {
    const filePath = join(dir, 'catalog.db');
    writeFileSync(filePath, '');
    expect((await open(filePath)).isNew).toBe(true);
  });

  it('opens with WAL, synchronous NORMAL, foreign keys and a busy timeout', async () => {
    const catalog = await open();
    expect(await pragma(catalog, 'journal_mode')).toBe('wal');
    expect(await pragma(catalog, 'synchronous')).toBe(1);
    expect(await pragma(catalog, 'foreign_keys')).toBe(1);
    expect(await pragma(catalog, 'busy_timeout')).toBe(5000);
  });

  it('migrates an empty file to the latest schema', async () => {
    const catalog = await open();
    const tables = await catalog.db.introspection.getTables();
    expect(tables.map((table) => table.name).sort()).toEqual([
      'cameras',
      'clips',
      'events',
      'exports',
      'kept_ranges',
      'meta',
      'offline_periods',
      'segment_totals',
      'segments',
    ]);
  });

  it('re-opens an existing file without re-running migrations, keeping its data', async () => {
    const filePath = join(dir, 'catalog.db');
    const first = await open(filePath);
    const camera = await first.cameras.insert({ name: 'Yard', url: 'rtsp://yard/1', motion: {} });
    await first.meta.set('sidecars_imported', '1');
    await first.close();
    opened.pop();

    const again = await open(filePath);
    expect(again.isNew).toBe(false);
    expect(await migrateCatalog(again.db)).toEqual([]);
    expect(await again.cameras.get(camera.id)).toEqual(camera);
    expect(await again.meta.get('sidecars_imported')).toBe('1');
  });

  it('rolls a failing migration back whole, leaving the former schema', async () => {
    const catalog = await open();
    const failing = {
      ...CATALOG_MIGRATIONS,
      '9999-half-done': {
        async up(db: Kysely<unknown>) {
          await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
          throw new Error('disk on fire');
        },
      },
    };
    await expect(migrateCatalog(catalog.db, failing)).rejects.toThrow(CatalogMigrationError);
    await expect(migrateCatalog(catalog.db, failing)).rejects.toThrow(
      /9999-half-done.*disk on fire/,
    );
    const tables = await catalog.db.introspection.getTables();
    expect(tables.map((table) => table.name)).not.toContain('half_done');
  });

  it('commits a transaction of several stores together, or nothing when it throws', async () => {
    const catalog = await open();
    await catalog.transaction(async (tx) => {
      await tx.meta.set('a', '1');
      await tx.segments.finish(
        await tx.segments.startWriting({
          cameraId: 'cam',
          path: 'cam/1.mp4',
          startMs: 0,
          codec: 'avc1',
          storage: 'copy',
        }),
        { endMs: 60_000, bytes: 10, frames: 5 },
      );
    });
    await expect(
      catalog.transaction(async (tx) => {
        await tx.meta.set('b', '2');
        const row = await tx.segments.byPath('cam/1.mp4');
        if (row) await tx.segments.delete(row.id);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');

    expect(await catalog.meta.get('a')).toBe('1');
    expect(await catalog.meta.get('b')).toBeUndefined();
    expect(await catalog.segments.byPath('cam/1.mp4')).toBeDefined();
    expect((await catalog.segments.totals()).bytes).toBe(10);
  });

  it('opens in memory when asked, working but keeping nothing on disk', async () => {
    const memory = await Catalog.inMemory();
    try {
      expect(memory.inMemoryOnly).toBe(true);
      const camera = await memory.cameras.insert({ name: 'A', url: 'rtsp://a/s', motion: {} });
      expect(await memory.cameras.get(camera.id)).toMatchObject({ name: 'A' });
    } finally {
      await memory.close();
    }
  });
});
