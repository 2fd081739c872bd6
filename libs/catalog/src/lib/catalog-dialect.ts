import Database from 'better-sqlite3';
import { SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely';

/**
 * SQLite does roll back DDL, but kysely's adapter says it does not, so its Migrator would run
 * each migration outside a transaction and a kill -9 half-way through would leave tables that
 * the re-run then fails to create. Saying so lets the Migrator wrap the pending migrations and
 * their bookkeeping rows in one transaction: a migration is all there or not at all.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class CatalogSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * Opens the SQLite file with the settings the catalog relies on: WAL (readers never block the
 * writer, and a process killed mid-write loses only its uncommitted transaction),
 * `synchronous=NORMAL` (no fsync per commit in WAL mode; only a power cut can lose the last
 * commits, which re-indexing from the folder repairs), foreign keys enforced, and a busy
 * timeout for a second process (a backup tool, the CLI) holding the lock.
 */
export function openSqliteDialect(filePath: string, busyTimeoutMs: number): SqliteDialect {
  const database = new Database(filePath, { timeout: busyTimeoutMs });
  try {
    // (An in-memory database keeps its own journal mode: WAL needs a file.)
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  return new CatalogSqliteDialect({ database });
}
