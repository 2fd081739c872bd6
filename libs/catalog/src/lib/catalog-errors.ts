/** A value that must be unique is taken (the API answers 409 Conflict naming `field`). */
export class CatalogConflictError extends Error {
  override readonly name = 'CatalogConflictError';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Migrating the catalog failed; the file keeps its former schema (pending migrations run in one transaction). */
export class CatalogMigrationError extends Error {
  override readonly name = 'CatalogMigrationError';
}

/**
 * The conflict that `error` is when it is a unique violation on `column`, else `error` itself.
 * Reads better-sqlite3's code and message ("UNIQUE constraint failed: cameras.name_key") and
 * PostgreSQL's (23505, naming the index), so that the stores stay dialect-neutral.
 */
export function asConflict(
  error: unknown,
  column: string,
  field: string,
  message: string,
): unknown {
  const { code, message: text } = (error ?? {}) as { code?: unknown; message?: unknown };
  const unique =
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === '23505';
  if (unique && typeof text === 'string' && new RegExp(`\\b${column}\\b`).test(text)) {
    return new CatalogConflictError(field, message);
  }
  return error;
}
