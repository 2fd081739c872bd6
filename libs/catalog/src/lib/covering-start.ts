import type { Kysely, Selectable } from 'kysely';
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

/**
 * Rows of the camera overlapping [startMs, endMs), by start time: two seeks of the
 * (camera_id, start_ms) index (the covering span's start, see coveringStartQuery, then the
 * range to `endMs`) and no scan. An open event or offline period (`end_ms` null: still going
 * on) overlaps all that follows its start; a segment's end is never null.
 */
export function spansBetweenQuery<T extends SequentialSpanTable>(
  db: Kysely<CatalogSchema>,
  table: T,
  cameraId: string,
  startMs: number,
  endMs: number,
) {
  // Built on the union of the tables (their span columns are alike), then typed as `table`'s rows.
  return db
    .selectFrom(table as SequentialSpanTable)
    .selectAll()
    .where('camera_id', '=', cameraId)
    .where('start_ms', '<', endMs)
    .where((eb) =>
      eb(
        'start_ms',
        '>=',
        eb.fn.coalesce(coveringStartQuery(db, table, cameraId, startMs), eb.val(startMs)),
      ),
    )
    .where((eb) => eb.or([eb('end_ms', 'is', null), eb('end_ms', '>', startMs)]))
    .orderBy('start_ms')
    .$castTo<Selectable<CatalogSchema[T]>>();
}
