import type { Insertable, Kysely } from 'kysely';
import { asConflict } from './catalog-errors';
import type {
  CatalogSchema,
  SegmentRow,
  SegmentsTable,
  SegmentState,
  SegmentStorage,
} from './catalog-schema';
import { inTransaction } from './in-transaction';
import {
  oldestSegmentsQuery,
  recordedSpansQuery,
  segmentFromColumns,
  type SegmentColumns,
  segmentsBetweenJsonQuery,
  writingSegmentsQuery,
} from './segment-queries';
import { addToSegmentTotals, readSegmentTotals, type SegmentTotals } from './segment-totals';

export interface StartSegment {
  cameraId: string;
  /** Relative to the videos folder. */
  path: string;
  startMs: number;
  codec: string;
  storage: SegmentStorage;
}

export interface SegmentProgress {
  endMs: number;
  bytes: number;
  frames: number;
}

/** A whole row, for re-indexing from the folder; `state` defaults to final. */
export type NewSegment = Omit<Insertable<SegmentsTable>, 'id' | 'state'> & { state?: SegmentState };

/** A retention candidate, with what would make deleting it lose something. */
export interface RetentionSegment extends SegmentRow {
  /** Overlaps a kept range of its camera. */
  kept: boolean;
  /** Overlaps a motion event of its camera. */
  has_event: boolean;
}

/** Rows per INSERT: 10 columns each stays well under SQLite's (and PostgreSQL's) bound parameters. */
const INSERT_CHUNK = 500;

/**
 * Continuous-recording segments: one row per file. The recorder creates the row (`writing`)
 * before the file's first fragment and finishes it once the file is closed, so after a crash a
 * `writing` row names a file to repair (or a row to drop when the file never came), and a file
 * without a row (found by reconciling the folder with `allPaths`) is one to index.
 */
export class SegmentStore {
  constructor(private readonly db: Kysely<CatalogSchema>) {}

  /** @throws CatalogConflictError (`path`) when a row already has this path. */
  async startWriting(segment: StartSegment): Promise<number> {
    try {
      const row = await this.db
        .insertInto('segments')
        .values({
          camera_id: segment.cameraId,
          path: segment.path,
          start_ms: segment.startMs,
          end_ms: segment.startMs,
          bytes: 0,
          frames: 0,
          codec: segment.codec,
          storage: segment.storage,
          state: 'writing',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (error) {
      throw pathConflict(error, `segment ${segment.path} is already indexed`);
    }
  }

  /** How far a segment being written has got: one single-row UPDATE. False when not writing. */
  async progress(id: number, progress: SegmentProgress): Promise<boolean> {
    const result = await this.db
      .updateTable('segments')
      .set({ end_ms: progress.endMs, bytes: progress.bytes, frames: progress.frames })
      .where('id', '=', id)
      .where('state', '=', 'writing')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The segment's file is complete. False when the row is not (or no longer) being written. */
  async finish(id: number, progress: SegmentProgress): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      const row = await trx
        .updateTable('segments')
        .set({
          end_ms: progress.endMs,
          bytes: progress.bytes,
          frames: progress.frames,
          state: 'final',
        })
        .where('id', '=', id)
        .where('state', '=', 'writing')
        .returning(['camera_id', 'bytes'])
        .executeTakeFirst();
      if (!row) return false;
      await addToSegmentTotals(trx, row.camera_id, row.bytes, 1);
      return true;
    });
  }

  /** Rows for files that already exist, in one transaction (re-indexing); returns how many. */
  async insertMany(rows: readonly NewSegment[]): Promise<number> {
    if (rows.length === 0) return 0;
    return inTransaction(this.db, async (trx) => {
      const finalTotals = new Map<string, { bytes: number; segments: number }>();
      for (let at = 0; at < rows.length; at += INSERT_CHUNK) {
        const chunk = rows.slice(at, at + INSERT_CHUNK).map((row) => ({
          ...row,
          state: row.state ?? ('final' as const),
        }));
        try {
          await trx.insertInto('segments').values(chunk).execute();
        } catch (error) {
          throw pathConflict(error, 'a segment of the batch is already indexed');
        }
        for (const row of chunk) {
          if (row.state !== 'final') continue;
          const totals = finalTotals.get(row.camera_id) ?? { bytes: 0, segments: 0 };
          totals.bytes += row.bytes;
          totals.segments += 1;
          finalTotals.set(row.camera_id, totals);
        }
      }
      for (const [cameraId, totals] of finalTotals) {
        await addToSegmentTotals(trx, cameraId, totals.bytes, totals.segments);
      }
      return rows.length;
    });
  }

  /**
   * Segments of a camera overlapping [startMs, endMs), by start time (see segmentsBetweenQuery),
   * read as one JSON text (see segmentsBetweenJsonQuery).
   */
  async between(
    cameraId: string,
    startMs: number,
    endMs: number,
    limit?: number,
  ): Promise<SegmentRow[]> {
    const { rows } = await segmentsBetweenJsonQuery(
      this.db,
      cameraId,
      startMs,
      endMs,
      limit,
    ).executeTakeFirstOrThrow();
    return (JSON.parse(rows) as SegmentColumns[])
      .map(segmentFromColumns)
      .sort((a, b) => a.start_ms - b.start_ms);
  }

  /** Rows still being written, by camera: after a crash, the files to repair. */
  writing(): Promise<SegmentRow[]> {
    return writingSegmentsQuery(this.db).execute();
  }

  byPath(path: string): Promise<SegmentRow | undefined> {
    return this.db.selectFrom('segments').selectAll().where('path', '=', path).executeTakeFirst();
  }

  /** Every indexed path (of one camera), to reconcile with the files in the folder. */
  async allPaths(cameraId?: string): Promise<string[]> {
    let query = this.db.selectFrom('segments').select('path');
    if (cameraId !== undefined) query = query.where('camera_id', '=', cameraId);
    return (await query.execute()).map((row) => row.path);
  }

  /** The camera's recorded spans in [startMs, endMs): segments less than `gapMs` apart merged. */
  async recordedSpans(
    cameraId: string,
    startMs: number,
    endMs: number,
    gapMs: number,
  ): Promise<{ start: number; end: number }[]> {
    return recordedSpansQuery(this.db, cameraId, startMs, endMs, gapMs).execute();
  }

  /** The camera's oldest segments, any state, first the oldest (for deleting a camera's footage). */
  async oldestOfCamera(cameraId: string, limit: number): Promise<SegmentRow[]> {
    return this.db
      .selectFrom('segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .orderBy('start_ms')
      .limit(limit)
      .execute();
  }

  /** Removes the row (after its file); false when there was none. */
  async delete(id: number): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      const row = await trx
        .deleteFrom('segments')
        .where('id', '=', id)
        .returning(['camera_id', 'bytes', 'state'])
        .executeTakeFirst();
      if (!row) return false;
      if (row.state === 'final') await addToSegmentTotals(trx, row.camera_id, -row.bytes, -1);
      return true;
    });
  }

  /** Forgets every segment row and the totals (re-indexing from the folder); returns how many. */
  async forgetAll(): Promise<number> {
    return inTransaction(this.db, async (trx) => {
      const result = await trx.deleteFrom('segments').executeTakeFirst();
      await trx.deleteFrom('segment_totals').execute();
      return Number(result.numDeletedRows);
    });
  }

  /** Bytes and segments per camera and overall, from one row per camera (no scan). */
  totals(): Promise<SegmentTotals> {
    return readSegmentTotals(this.db);
  }

  /** The oldest final segments, first the oldest, with their `kept` and `has_event` flags. */
  async oldest(limit: number, options: { beforeMs?: number } = {}): Promise<RetentionSegment[]> {
    const rows = await oldestSegmentsQuery(this.db, limit, options.beforeMs).execute();
    return rows.map((row) => ({
      ...row,
      kept: Boolean(row.kept),
      has_event: Boolean(row.has_event),
    }));
  }
}

function pathConflict(error: unknown, message: string): unknown {
  return asConflict(error, 'path', 'path', message);
}
