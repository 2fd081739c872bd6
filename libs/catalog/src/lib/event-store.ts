import { randomUUID } from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import { asConflict } from './catalog-errors';
import { spansBetweenQuery } from './covering-start';
import type { CatalogSchema, EventRow, EventsTable } from './catalog-schema';

export interface NewEvent {
  /** A UUID; one is made when absent. */
  id?: string;
  camera_id?: string | null;
  session_id: string;
  start_ms: number;
  end_ms?: number | null;
  peak_score?: number;
  clip_filename?: string | null;
}

export type EventChanges = Pick<Updateable<EventsTable>, 'end_ms' | 'peak_score' | 'clip_filename'>;

export interface EventListOptions {
  cameraId?: string;
  sessionId?: string;
  /** Events that started at or after this time. */
  sinceMs?: number;
  limit: number;
}

/** Motion events: a row when one starts, updated as it peaks and ends and gets its clip. */
export class EventStore {
  constructor(private readonly db: Kysely<CatalogSchema>) {}

  /** @throws CatalogConflictError (`id`) when an event has this id. */
  async insert(event: NewEvent): Promise<EventRow> {
    const id = event.id ?? randomUUID();
    try {
      return await this.db
        .insertInto('events')
        .values({
          id,
          camera_id: event.camera_id ?? null,
          session_id: event.session_id,
          start_ms: event.start_ms,
          end_ms: event.end_ms ?? null,
          peak_score: event.peak_score ?? 0,
          clip_filename: event.clip_filename ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      throw asConflict(error, 'id', 'id', `an event with id ${id} already exists`);
    }
  }

  /** Sets the end, peak score or clip; undefined when there is no such event. */
  async update(id: string, changes: EventChanges): Promise<EventRow | undefined> {
    if (Object.values(changes).every((value) => value === undefined)) return this.get(id);
    return this.db
      .updateTable('events')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  get(id: string): Promise<EventRow | undefined> {
    return this.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest first. */
  list(options: EventListOptions): Promise<EventRow[]> {
    let query = this.db.selectFrom('events').selectAll();
    if (options.cameraId !== undefined) query = query.where('camera_id', '=', options.cameraId);
    if (options.sessionId !== undefined) query = query.where('session_id', '=', options.sessionId);
    if (options.sinceMs !== undefined) query = query.where('start_ms', '>=', options.sinceMs);
    return query.orderBy('start_ms', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  }

  /**
   * Events of a camera overlapping [startMs, endMs) (an event still going on overlaps all that
   * follows its start), by start time. Seeks like segments' `between`: one camera's events do
   * not overlap (the detector has one event open at a time), so none that started before the
   * latest start at or before `startMs` can reach into the range.
   */
  between(cameraId: string, startMs: number, endMs: number): Promise<EventRow[]> {
    return spansBetweenQuery(this.db, 'events', cameraId, startMs, endMs).execute();
  }

  /** Ends the events a crash left open, at `endMs` (or their start, if later); returns how many. */
  async closeDangling(endMs: number): Promise<number> {
    const result = await this.db
      .updateTable('events')
      .set((eb) => ({
        end_ms: eb.case().when('start_ms', '>', endMs).then(eb.ref('start_ms')).else(endMs).end(),
      }))
      .where('end_ms', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The events whose clip this file was (it was deleted): they stay, without a clip. */
  async forgetClip(filename: string): Promise<number> {
    const result = await this.db
      .updateTable('events')
      .set({ clip_filename: null })
      .where('clip_filename', '=', filename)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('events').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
