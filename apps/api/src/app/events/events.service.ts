import {
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Catalog, type EventRow } from '@camrec/catalog';
import type { MotionEvent, MotionEventListResponse } from '@camrec/shared-types';
import { readLegacyEvents, retireLegacyEvents } from '../catalog/legacy-events';
import { ClipIndex } from '../catalog/clip-index';
import { AppConfig } from '../config/app-config';
import type { EventQueryDto } from './events.dto';

const DEFAULT_LIMIT = 100;

/** Motion events in the index: listing, deleting (with the clip), and what retention removed. */
@Injectable()
export class EventsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('events');

  constructor(
    private readonly config: AppConfig,
    private readonly catalog: Catalog,
    private readonly clips: ClipIndex,
  ) {}

  /**
   * Events an older version kept as JSON files are imported once. An event still open is one
   * the server stopped in the middle of: it ended then, at the last frame of its clip (clips
   * are indexed and recovered by now), else at its start.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.importLegacyEvents().catch((error: Error) =>
      this.logger.error(`could not import the motion events of an older version: ${error.message}`),
    );
    for (const event of await this.catalog.events.list({ limit: Number.MAX_SAFE_INTEGER })) {
      if (event.end_ms === null) {
        await this.catalog.events.update(event.id, {
          end_ms: (await this.endOfClip(event)) ?? event.start_ms,
        });
      }
    }
  }

  async list(query: EventQueryDto): Promise<MotionEventListResponse> {
    const rows = await this.catalog.events.list({
      cameraId: query.camera_id,
      sessionId: query.session_id,
      sinceMs: query.since ? Date.parse(query.since) : undefined,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    return { events: rows.map(toMotionEvent) };
  }

  /** A new event, or a change of one (its end, peak, clip). */
  async save(event: MotionEvent): Promise<void> {
    const fields = {
      end_ms: event.ended_at === null ? null : Date.parse(event.ended_at),
      peak_score: event.peak_score,
      clip_filename: event.filename,
    };
    if (await this.catalog.events.update(event.id, fields)) return;
    await this.catalog.events.insert({
      id: event.id,
      camera_id: event.camera_id,
      session_id: event.session_id,
      start_ms: Date.parse(event.started_at),
      ...fields,
    });
  }

  /** Deletes the event and its clip; an event still going on cannot be deleted. */
  async delete(id: string): Promise<void> {
    const event = await this.catalog.events.get(id);
    if (!event) throw new NotFoundException(`event ${id} not found`);
    if (event.end_ms === null) {
      throw new ConflictException(`event ${id} is still going on; delete it once it has ended`);
    }
    if (event.clip_filename) await this.clips.delete(event.clip_filename).catch(() => undefined);
    await this.catalog.events.delete(id);
    this.logger.log(
      `event ${id} deleted${event.clip_filename ? ` with ${event.clip_filename}` : ''}`,
    );
  }

  /** Retention deleted this clip: its events stay, without a clip. */
  async clipDeleted(filename: string): Promise<void> {
    await this.catalog.events.forgetClip(filename);
  }

  private async importLegacyEvents(): Promise<void> {
    const { events, skipped } = await readLegacyEvents(this.config.videos_dir);
    for (const name of skipped) this.logger.warn(`skipped unreadable motion event file ${name}`);
    if (!events.length && !skipped.length) return;
    for (const event of events) {
      if (!(await this.catalog.events.get(event.id))) {
        await this.save({ ...event, camera_id: event.camera_id ?? null });
      }
    }
    await retireLegacyEvents(this.config.videos_dir);
    this.logger.log(`${events.length} motion event(s) of an older version imported into the index`);
  }

  /**
   * When the clip's last frame was live: the clip holds its pre-roll before the last still
   * frame, which came one analysed frame before the event's start, and the rest after it.
   */
  private async endOfClip(event: EventRow): Promise<number | null> {
    if (!event.clip_filename) return null;
    const video = await this.clips.metadata(event.clip_filename);
    if (!video) return null;
    const afterPreRollS = video.duration_s - (video.pre_roll?.delivered_s ?? 0);
    return Math.max(event.start_ms + afterPreRollS * 1000, event.start_ms);
  }
}

function toMotionEvent(row: EventRow): MotionEvent {
  const clip = row.clip_filename;
  return {
    id: row.id,
    session_id: row.session_id,
    camera_id: row.camera_id,
    started_at: new Date(row.start_ms).toISOString(),
    ended_at: row.end_ms === null ? null : new Date(row.end_ms).toISOString(),
    peak_score: row.peak_score,
    filename: clip,
    thumbnail_url: clip ? `/videos/${encodeURIComponent(clip)}/thumbnail` : null,
  };
}
