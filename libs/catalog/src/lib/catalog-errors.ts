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

/**
 * Migrating the catalog failed. The file keeps its former schema: pending migrations run in one
 * transaction.
 */
export class CatalogMigrationError extends Error {
  override readonly name = 'CatalogMigrationError';
}

/**
 * The conflict that `error` is when it is a unique violation on `column`, else `error` itself.
 * Reads better-sqlite3's code and message ("UNIQUE constraint failed: cameras.name_key") and
 * PostgreSQL's (23505, the column in its detail "Key (name_key)=…"), so that the stores stay
 * dialect-neutral.
 */
export function asConflict(
  error: unknown,
  column: string,
  field: string,
  conflictMessage: string,
): unknown {
  const { code, message, detail } = (error ?? {}) as Record<string, unknown>;
  const unique =
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === '23505';
  const text = `${String(message)} ${String(detail)}`;
  if (unique && new RegExp(`\\b${column}\\b`).test(text)) {
    return new CatalogConflictError(field, conflictMessage);
  }
  return error;
}
