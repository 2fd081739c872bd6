import type { Kysely } from 'kysely';
import type { CatalogSchema } from './catalog-schema';

/**
 * Runs `fn` in a transaction, or inside the caller's when the store was built on one (kysely
 * cannot nest them), so that a store's multi-statement operation joins the caller's unit.
 */
export function inTransaction<T>(
  db: Kysely<CatalogSchema>,
  fn: (trx: Kysely<CatalogSchema>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
