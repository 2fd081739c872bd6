import type { Kysely } from 'kysely';
import type { CatalogSchema } from './catalog-schema';

/** Tables of one camera's back-to-back spans: a camera writes one segment at a time, has one motion event and one offline period open at a time. */
export type SequentialSpanTable = 'segments' | 'events' | 'offline_periods';

/**
 * The start of the camera's span covering `startMs`: the greatest start at or before it, found
 * by one backward seek of the (camera_id, start_ms) index. A query for the spans overlapping
 * [startMs, endMs) then reads the index from this start to `endMs` only: since a camera's spans
 * do not overlap, none that started earlier can reach `startMs`. Without it the range would have
 * to begin at the camera's first row, as the index cannot seek on end_ms. Use as
 * `coalesce(<this>, startMs)` (no span before `startMs`).
 */
export function coveringStartQuery(
  db: Kysely<CatalogSchema>,
  table: SequentialSpanTable,
  cameraId: string,
  startMs: number,
) {
  return db
    .selectFrom(table)
    .select('start_ms')
    .where('camera_id', '=', cameraId)
    .where('start_ms', '<=', startMs)
    .orderBy('start_ms', 'desc')
    .limit(1);
}
