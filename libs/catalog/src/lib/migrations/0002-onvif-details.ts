import type { Kysely, Migration } from 'kysely';

/** A camera's ONVIF device service and user, kept for PTZ (all null for a camera without). */
export const onvifDetailsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const column of ['onvif_address', 'onvif_username', 'onvif_password']) {
      await db.schema.alterTable('cameras').addColumn(column, 'text').execute();
    }
  },
};
