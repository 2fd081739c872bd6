import type { Kysely } from 'kysely';
import type { CatalogSchema, KeptRangeRow } from './catalog-schema';

export interface NewKeptRange {
  camera_id: string;
  start_ms: number;
  end_ms: number;
  note?: string;
}

/** Ranges of a camera's continuous recording that retention must not delete. */
export class KeptRangeStore {
  constructor(
    private readonly db: Kysely<CatalogSchema>,
    private readonly now: () => number,
  ) {}

  insert(range: NewKeptRange): Promise<KeptRangeRow> {
    return this.db
      .insertInto('kept_ranges')
      .values({ ...range, note: range.note ?? '', created_at: this.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Ranges of a camera overlapping [startMs, endMs), by start. People may mark ranges that
   * overlap, so no seek on the covering range here: the index range runs from the camera's
   * first kept range, of which there are few.
   */
  list(cameraId: string, startMs: number, endMs: number): Promise<KeptRangeRow[]> {
    return this.db
      .selectFrom('kept_ranges')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('start_ms', '<', endMs)
      .where('end_ms', '>', startMs)
      .orderBy('start_ms')
      .orderBy('id')
      .execute();
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('kept_ranges').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
