import Database from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';

/**
 * SQLite's EXPLAIN QUERY PLAN of a compiled kysely query, one detail line per step, read through
 * a second (read-only) connection to the same file.
 */
export function queryPlan(filePath: string, query: CompiledQuery): string[] {
  const database = new Database(filePath, { readonly: true });
  try {
    const rows = database
      .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .all(...(query.parameters as unknown[])) as { detail: string }[];
    return rows.map((row) => row.detail);
  } finally {
    database.close();
  }
}
