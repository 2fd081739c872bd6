import { type Kysely, sql } from 'kysely';
import { spansBetweenQuery } from './covering-start';
import type { CatalogSchema, SegmentRow, SegmentState } from './catalog-schema';

/**
 * `state = 'writing'` as a literal: SQLite uses the partial index `segments_writing` only when
 * the query's condition matches the index's own, which a bound parameter cannot be shown to do.
 */
export const WRITING_STATE = sql.lit<SegmentState>('writing');

/*
 * The read queries whose plan matters, as builders: the store runs them, and the tests
 * compile them and check SQLite's EXPLAIN QUERY PLAN.
 */

/** Segments of a camera overlapping [startMs, endMs), by start time (see spansBetweenQuery). */
export function segmentsBetweenQuery(
  db: Kysely<CatalogSchema>,
  cameraId: string,
  startMs: number,
  endMs: number,
) {
  return spansBetweenQuery(db, 'segments', cameraId, startMs, endMs);
}

/** Every column of a segment row, in the order of the JSON arrays below. */
const SEGMENT_COLUMNS = [
  'id',
  'camera_id',
  'path',
  'start_ms',
  'end_ms',
  'bytes',
  'frames',
  'codec',
  'storage',
  'state',
] as const satisfies readonly (keyof SegmentRow)[];
// A column added to the table and not to the list above fails to compile here.
const EVERY_SEGMENT_COLUMN: Exclude<
  keyof SegmentRow,
  (typeof SEGMENT_COLUMNS)[number]
> extends never
  ? true
  : never = true;
void EVERY_SEGMENT_COLUMN;

/** A segment row as segmentsBetweenJsonQuery gives it: its columns in SEGMENT_COLUMNS' order. */
export type SegmentColumns = [
  SegmentRow['id'],
  SegmentRow['camera_id'],
  SegmentRow['path'],
  SegmentRow['start_ms'],
  SegmentRow['end_ms'],
  SegmentRow['bytes'],
  SegmentRow['frames'],
  SegmentRow['codec'],
  SegmentRow['storage'],
  SegmentRow['state'],
];

/**
 * segmentsBetweenQuery's rows (at most `limit`) as one JSON text, an array of rows each an array
 * of its columns, built by SQLite. A month of one camera is 43,200 rows: better-sqlite3 building
 * a JS object of five strings per row took most of the query's time (SQLite's own part is about
 * a tenth); JSON.parse of one string, then one object of a fixed shape per row, builds the same
 * rows in about half of it (arrays parse faster than objects naming every column). The array
 * follows the subquery's order in practice, but SQLite does not promise it without an ORDER BY
 * in the aggregate (which costs a sort), so the reader sorts again: on rows already in order
 * that is one linear pass.
 */
export function segmentsBetweenJsonQuery(
  db: Kysely<CatalogSchema>,
  cameraId: string,
  startMs: number,
  endMs: number,
  limit?: number,
) {
  const rows = segmentsBetweenQuery(db, cameraId, startMs, endMs);
  const columns = sql.join(SEGMENT_COLUMNS.map((column) => sql.ref(`s.${column}`)));
  return db
    .selectFrom((limit === undefined ? rows : rows.limit(limit)).as('s'))
    .select(sql<string>`json_group_array(json_array(${columns}))`.as('rows'));
}

/** A row of segmentsBetweenJsonQuery's array as the SegmentRow it is. */
export function segmentFromColumns([
  id,
  camera_id,
  path,
  start_ms,
  end_ms,
  bytes,
  frames,
  codec,
  storage,
  state,
]: SegmentColumns): SegmentRow {
  return { id, camera_id, path, start_ms, end_ms, bytes, frames, codec, storage, state };
}

/**
 * Rows still being written, by camera, through the partial index on them. Ordered as that index
 * is (camera_id, then rowid): ordered by id alone, SQLite would rather scan the whole table in
 * rowid order than sort the few rows the index gives.
 */
export function writingSegmentsQuery(db: Kysely<CatalogSchema>) {
  return db
    .selectFrom('segments')
    .selectAll()
    .where('state', '=', WRITING_STATE)
    .orderBy('camera_id')
    .orderBy('id');
}

/**
 * The oldest final segments (retention deletes from here), each with whether it overlaps a kept
 * range or an event of its camera: two EXISTS that seek the (camera_id, start_ms) indexes.
 * Segments still being written are never candidates.
 */
export function oldestSegmentsQuery(db: Kysely<CatalogSchema>, limit: number, beforeMs?: number) {
  let query = db
    .selectFrom('segments as s')
    .selectAll('s')
    .select((eb) => [
      eb
        .exists(
          eb
            .selectFrom('kept_ranges as k')
            .select('k.id')
            .whereRef('k.camera_id', '=', 's.camera_id')
            .whereRef('k.start_ms', '<', 's.end_ms')
            .whereRef('k.end_ms', '>', 's.start_ms'),
        )
        .as('kept'),
      eb
        .exists(
          eb
            .selectFrom('events as e')
            .select('e.id')
            .whereRef('e.camera_id', '=', 's.camera_id')
            .whereRef('e.start_ms', '<', 's.end_ms')
            .where((inner) =>
              inner.or([
                inner('e.end_ms', 'is', null),
                inner('e.end_ms', '>', inner.ref('s.start_ms')),
              ]),
            ),
        )
        .as('has_event'),
    ])
    .where('s.state', '=', 'final');
  if (beforeMs !== undefined) query = query.where('s.start_ms', '<', beforeMs);
  return query.orderBy('s.start_ms').orderBy('s.id').limit(limit);
}

/**
 * The recorded spans of a camera in [startMs, endMs): its segments merged where the gap
 * between one's end and the next one's start is shorter than `gapMs` ("gaps and islands": a
 * running count of the gaps numbers each island), computed in SQLite so that a month of
 * one-minute segments comes back as a few rows instead of 43,200.
 */
export function recordedSpansQuery(
  db: Kysely<CatalogSchema>,
  cameraId: string,
  startMs: number,
  endMs: number,
  gapMs: number,
) {
  const withPrevious = segmentsBetweenQuery(db, cameraId, startMs, endMs)
    .clearSelect()
    .select((eb) => [
      'start_ms',
      'end_ms',
      eb.fn
        .agg<number | null>('lag', ['end_ms'])
        .over((over) => over.orderBy('start_ms'))
        .as('previous_end'),
    ]);
  const numbered = db.selectFrom(withPrevious.as('p')).select((eb) => [
    'p.start_ms',
    'p.end_ms',
    eb.fn
      .sum<number>(
        eb
          .case()
          .when(
            eb.or([
              eb('p.previous_end', 'is', null),
              eb(eb('p.start_ms', '-', eb.ref('p.previous_end')), '>=', gapMs),
            ]),
          )
          .then(1)
          .else(0)
          .end(),
      )
      .over((over) => over.orderBy('p.start_ms'))
      .as('island'),
  ]);
  return db
    .selectFrom(numbered.as('n'))
    .select((eb) => [
      eb.fn.min<number>('n.start_ms').as('start'),
      eb.fn.max<number>('n.end_ms').as('end'),
    ])
    .groupBy('n.island')
    .orderBy('start');
}
