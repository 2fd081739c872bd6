import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import { CatalogMigrationError } from './catalog-errors';
import type { CatalogSchema } from './catalog-schema';
import { CATALOG_MIGRATIONS } from './migrations/catalog-migrations';

/**
 * Brings the schema to the latest migration and returns the names of those that ran now.
 * `migrations` is for tests; the server always runs the built-in list.
 */
export async function migrateCatalog(
  db: Kysely<CatalogSchema>,
  migrations: Readonly<Record<string, Migration>> = CATALOG_MIGRATIONS,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new CatalogMigrationError(
      `catalog migration ${failed ?? '(setup)'} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return (results ?? []).map((result) => result.migrationName);
}
