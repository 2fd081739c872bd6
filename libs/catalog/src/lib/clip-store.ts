import type { Kysely, Selectable } from 'kysely';
import type { CatalogSchema, ClipsTable, ClipState, ClipTrigger } from './catalog-schema';
import { fromFlagColumn, fromJsonColumn, toFlagColumn, toJsonColumn } from './column-values';

/** A clip in the videos folder (manual, motion or export recording). */
export interface ClipRow {
  filename: string;
  /** Null for a clip of an unsaved session. */
  camera_id: string | null;
  session_id: string;
  trigger: ClipTrigger;
  event_id: string | null;
  start_ms: number;
  end_ms: number;
  bytes: number;
  /** Kept clips are never deleted by retention. */
  keep: boolean;
  state: ClipState;
  /** The full metadata object the video library lists, as the caller stored it. */
  metadata: unknown;
}

export interface ClipListOptions {
  cameraId?: string;
  sessionId?: string;
  /** Clips that started at or after this time. */
  since?: number;
  /** Clips that started before this time. */
  before?: number;
  limit: number;
  offset?: number;
}

export class ClipStore {
  constructor(private readonly db: Kysely<CatalogSchema>) {}

  /** Adds the clip, or replaces the row of that filename (the metadata grows as it is finalised). */
  async upsert(clip: ClipRow): Promise<void> {
    const { filename, ...fields } = toClipColumns(clip);
    await this.db
      .insertInto('clips')
      .values({ filename, ...fields })
      .onConflict((conflict) => conflict.column('filename').doUpdateSet(fields))
      .execute();
  }

  async get(filename: string): Promise<ClipRow | undefined> {
    const row = await this.db
      .selectFrom('clips')
      .selectAll()
      .where('filename', '=', filename)
      .executeTakeFirst();
    return row && toClipRow(row);
  }

  /** Newest first. */
  async list(options: ClipListOptions): Promise<ClipRow[]> {
    let query = this.db.selectFrom('clips').selectAll();
    if (options.cameraId !== undefined) query = query.where('camera_id', '=', options.cameraId);
    if (options.sessionId !== undefined) query = query.where('session_id', '=', options.sessionId);
    if (options.since !== undefined) query = query.where('start_ms', '>=', options.since);
    if (options.before !== undefined) query = query.where('start_ms', '<', options.before);
    const rows = await query
      .orderBy('start_ms', 'desc')
      .orderBy('filename', 'desc')
      .limit(options.limit)
      .offset(options.offset ?? 0)
      .execute();
    return rows.map(toClipRow);
  }

  /** The latest final clip of a session (what `/record/stop` answers with). */
  async latestOfSession(sessionId: string): Promise<ClipRow | undefined> {
    const row = await this.db
      .selectFrom('clips')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('state', '=', 'final')
      .orderBy('start_ms', 'desc')
      .orderBy('filename', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toClipRow(row);
  }

  async delete(filename: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('clips')
      .where('filename', '=', filename)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Forgets every clip row (re-indexing from the folder); returns how many there were. */
  async forgetAll(): Promise<number> {
    const result = await this.db.deleteFrom('clips').executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Every indexed filename, to reconcile with the files in the folder. */
  async allFilenames(): Promise<string[]> {
    const rows = await this.db.selectFrom('clips').select('filename').execute();
    return rows.map((row) => row.filename);
  }

  /**
   * Bytes of all clips. A SUM over the table: clips are one per recording or event (thousands,
   * not the hundreds of thousands of segments), so the scan stays in the low milliseconds.
   */
  async totalBytes(): Promise<number> {
    const row = await this.db
      .selectFrom('clips')
      .select((eb) => eb.fn.sum<number | null>('bytes').as('bytes'))
      .executeTakeFirstOrThrow();
    return Number(row.bytes ?? 0);
  }

  /** Retention candidates: final clips not kept, oldest first. */
  async oldest(limit: number): Promise<ClipRow[]> {
    const rows = await this.db
      .selectFrom('clips')
      .selectAll()
      .where('keep', '=', toFlagColumn(false))
      .where('state', '=', 'final')
      .orderBy('start_ms')
      .orderBy('filename')
      .limit(limit)
      .execute();
    return rows.map(toClipRow);
  }
}

function toClipColumns(clip: ClipRow): Selectable<ClipsTable> {
  return {
    filename: clip.filename,
    camera_id: clip.camera_id,
    session_id: clip.session_id,
    trigger: clip.trigger,
    event_id: clip.event_id,
    start_ms: clip.start_ms,
    end_ms: clip.end_ms,
    bytes: clip.bytes,
    keep: toFlagColumn(clip.keep),
    state: clip.state,
    metadata: toJsonColumn(clip.metadata),
  };
}

function toClipRow(row: Selectable<ClipsTable>): ClipRow {
  return { ...row, keep: fromFlagColumn(row.keep), metadata: fromJsonColumn(row.metadata) };
}
