import { type Kysely, type Migration, sql } from 'kysely';

/*
 * Times are `bigint` (milliseconds overflow a 32-bit integer in PostgreSQL; SQLite gives the
 * column integer affinity either way). Flags are integers 0/1. Ids that the database numbers are
 * `integer primary key autoincrement`: never reused, so a stale id held by a recorder cannot
 * reach a newer row.
 */
export const initialMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('cameras')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('substream_url', 'text')
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('record_mode', 'text', (c) => c.notNull())
      .addColumn('segment_s', 'integer', (c) => c.notNull())
      .addColumn('mjpeg_storage', 'text', (c) => c.notNull())
      .addColumn('insecure_tls', 'integer', (c) => c.notNull())
      .addColumn('motion', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('deleted_at', 'bigint')
      .execute();
    // A deleted camera's name is free again; its row stays so that recordings remain attributable.
    await db.schema
      .createIndex('cameras_live_name_key')
      .on('cameras')
      .column('name_key')
      .unique()
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();

    // No foreign key to cameras: segments outlive a soft-deleted camera.
    await db.schema
      .createTable('segments')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('camera_id', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull().unique())
      .addColumn('start_ms', 'bigint', (c) => c.notNull())
      .addColumn('end_ms', 'bigint', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('frames', 'integer', (c) => c.notNull())
      .addColumn('codec', 'text', (c) => c.notNull())
      .addColumn('storage', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .execute();
    await index(db, 'segments', ['camera_id', 'start_ms']);
    await index(db, 'segments', ['start_ms']);
    // Only the few segments being written: crash repair and totals read them without a scan.
    await db.schema
      .createIndex('segments_writing')
      .on('segments')
      .column('camera_id')
      .where(sql.ref('state'), '=', sql.lit('writing'))
      .execute();

    await db.schema
      .createTable('segment_totals')
      .addColumn('camera_id', 'text', (c) => c.primaryKey())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('segments', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('clips')
      .addColumn('filename', 'text', (c) => c.primaryKey())
      .addColumn('camera_id', 'text')
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text')
      .addColumn('start_ms', 'bigint', (c) => c.notNull())
      .addColumn('end_ms', 'bigint', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('keep', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull())
      .execute();
    await index(db, 'clips', ['camera_id', 'start_ms']);
    await index(db, 'clips', ['session_id', 'start_ms']);
    await index(db, 'clips', ['start_ms']);

    await db.schema
      .createTable('events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('camera_id', 'text')
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('start_ms', 'bigint', (c) => c.notNull())
      .addColumn('end_ms', 'bigint')
      .addColumn('peak_score', 'real', (c) => c.notNull())
      .addColumn('clip_filename', 'text')
      .execute();
    await index(db, 'events', ['camera_id', 'start_ms']);
    await index(db, 'events', ['session_id', 'start_ms']);
    await index(db, 'events', ['start_ms']);
    await db.schema
      .createIndex('events_open')
      .on('events')
      .column('start_ms')
      .where(sql.ref('end_ms'), 'is', null)
      .execute();

    await db.schema
      .createTable('offline_periods')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('camera_id', 'text', (c) => c.notNull())
      .addColumn('start_ms', 'bigint', (c) => c.notNull())
      .addColumn('end_ms', 'bigint')
      .addColumn('reason', 'text', (c) => c.notNull())
      .execute();
    await index(db, 'offline_periods', ['camera_id', 'start_ms']);
    await db.schema
      .createIndex('offline_periods_open')
      .on('offline_periods')
      .column('start_ms')
      .where(sql.ref('end_ms'), 'is', null)
      .execute();

    await db.schema
      .createTable('kept_ranges')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('camera_id', 'text', (c) => c.notNull())
      .addColumn('start_ms', 'bigint', (c) => c.notNull())
      .addColumn('end_ms', 'bigint', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await index(db, 'kept_ranges', ['camera_id', 'start_ms']);

    await db.schema
      .createTable('exports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('filename', 'text', (c) => c.notNull().unique())
      .addColumn('camera_ids', 'text', (c) => c.notNull())
      .addColumn('start_ms', 'bigint', (c) => c.notNull())
      .addColumn('end_ms', 'bigint', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('progress', 'real', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

/** `<table>_<columns>` — the name says what the index covers. */
function index(db: Kysely<unknown>, table: string, columns: string[]): Promise<void> {
  return db.schema
    .createIndex(`${table}_${columns.join('_')}`)
    .on(table)
    .columns(columns)
    .execute()
    .then(() => undefined);
}
