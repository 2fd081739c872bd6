import { Kysely } from 'kysely';
import type { CameraStore } from './camera-store';
import { openSqliteDialect } from './catalog-dialect';
import { migrateCatalog } from './catalog-migrator';
import type { CatalogSchema } from './catalog-schema';
import { type CatalogStores, createStores } from './catalog-stores';
import type { ClipStore } from './clip-store';
import type { EventStore } from './event-store';
import type { ExportStore } from './export-store';
import type { KeptRangeStore } from './kept-range-store';
import type { MetaStore } from './meta-store';
import type { OfflinePeriodStore } from './offline-period-store';
import { preparePrivateFile } from './private-file';
import type { SegmentStore } from './segment-store';

/** better-sqlite3's name for a database that lives in memory. */
const IN_MEMORY = ':memory:';

export interface CatalogOptions {
  /** How long a statement waits for another process's lock before failing; default 5000. */
  busyTimeoutMs?: number;
  /** The clock for created_at/updated_at; tests pass their own. */
  now?: () => number;
}

/**
 * The metadata index: one SQLite file beside the videos, which stay the truth. Open it once per
 * process; every store shares its single connection, so statements run one at a time and a
 * transaction holds the others back until it ends (keep transactions short, no I/O inside).
 */
export class Catalog implements CatalogStores {
  readonly meta: MetaStore;
  readonly cameras: CameraStore;
  readonly segments: SegmentStore;
  readonly clips: ClipStore;
  readonly events: EventStore;
  readonly offlinePeriods: OfflinePeriodStore;
  readonly keptRanges: KeptRangeStore;
  readonly exports: ExportStore;

  private constructor(
    readonly db: Kysely<CatalogSchema>,
    readonly filePath: string,
    /** The file did not exist (or was empty): the caller re-indexes from the videos folder. */
    readonly isNew: boolean,
    private readonly now: () => number,
  ) {
    const stores = createStores(db, now);
    this.meta = stores.meta;
    this.cameras = stores.cameras;
    this.segments = stores.segments;
    this.clips = stores.clips;
    this.events = stores.events;
    this.offlinePeriods = stores.offlinePeriods;
    this.keptRanges = stores.keptRanges;
    this.exports = stores.exports;
  }

  /** Opens (creating the file and its folder if needed) and migrates to the latest schema. */
  static async open(filePath: string, options: CatalogOptions = {}): Promise<Catalog> {
    const { isNew } = preparePrivateFile(filePath);
    return Catalog.connect(filePath, isNew, options);
  }

  /**
   * A catalog that lives in memory only, for a server whose index file cannot be opened: it
   * still works (and says so in its health) but keeps nothing across a restart.
   */
  static inMemory(options: CatalogOptions = {}): Promise<Catalog> {
    return Catalog.connect(IN_MEMORY, true, options);
  }

  /** True when nothing is kept on disk (see `inMemory`). */
  get inMemoryOnly(): boolean {
    return this.filePath === IN_MEMORY;
  }

  private static async connect(
    filePath: string,
    isNew: boolean,
    options: CatalogOptions,
  ): Promise<Catalog> {
    const db = new Kysely<CatalogSchema>({
      dialect: openSqliteDialect(filePath, options.busyTimeoutMs ?? 5000),
    });
    try {
      await migrateCatalog(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return new Catalog(db, filePath, isNew, options.now ?? Date.now);
  }

  /**
   * Runs `fn` in one transaction with stores bound to it: all of its writes commit together or
   * (when it throws) none does. Inside `fn`, use the stores it is given: the catalog's own wait
   * for the connection that the transaction holds, which would never come.
   */
  transaction<T>(fn: (stores: CatalogStores) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(createStores(trx, this.now)));
  }

  /** Closes the file (SQLite folds the WAL back into it). */
  async close(): Promise<void> {
    await this.db.destroy();
  }
}
