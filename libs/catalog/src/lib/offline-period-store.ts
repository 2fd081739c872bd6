import type { Kysely } from 'kysely';
import { spansBetweenQuery } from './covering-start';
import type { CatalogSchema, OfflinePeriodRow } from './catalog-schema';

/** Times a saved camera could not be reached: a row opens when it goes offline and closes when it is back. */
export class OfflinePeriodStore {
  constructor(private readonly db: Kysely<CatalogSchema>) {}

  async open(cameraId: string, startMs: number, reason: string): Promise<number> {
    const row = await this.db
      .insertInto('offline_periods')
      .values({ camera_id: cameraId, start_ms: startMs, end_ms: null, reason })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** False when the period does not exist or is already closed. */
  async close(id: number, endMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('offline_periods')
      .set({ end_ms: endMs })
      .where('id', '=', id)
      .where('end_ms', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Closes the periods a crash left open, at `endMs` (e.g. the server's last-known-alive time;
   * a period that started later is closed at its start); returns how many.
   */
  async closeDangling(endMs: number): Promise<number> {
    const result = await this.db
      .updateTable('offline_periods')
      .set((eb) => ({
        end_ms: eb.case().when('start_ms', '>', endMs).then(eb.ref('start_ms')).else(endMs).end(),
      }))
      .where('end_ms', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Periods of a camera overlapping [startMs, endMs), open ones included, by start time. Seeks
   * like segments' `between`: a camera has one period open at a time, so they do not overlap.
   */
  between(cameraId: string, startMs: number, endMs: number): Promise<OfflinePeriodRow[]> {
    return spansBetweenQuery(this.db, 'offline_periods', cameraId, startMs, endMs).execute();
  }
}
