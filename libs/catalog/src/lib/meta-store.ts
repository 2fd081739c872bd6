import type { Kysely } from 'kysely';
import type { CatalogSchema } from './catalog-schema';

/** Small facts about the catalog itself, e.g. that the old JSON sidecars were imported. */
export class MetaStore {
  constructor(private readonly db: Kysely<CatalogSchema>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
      .execute();
  }

  async delete(key: string): Promise<boolean> {
    const result = await this.db.deleteFrom('meta').where('key', '=', key).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
