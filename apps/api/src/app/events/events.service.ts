import {
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { MotionEventStore } from '@camrec/motion';
import { VideoLibrary } from '@camrec/recording';
import type { MotionEvent, MotionEventListResponse } from '@camrec/shared-types';
import { AppConfig } from '../config/app-config';
import type { EventQueryDto } from './events.dto';

const DEFAULT_LIMIT = 100;

/** Motion events on disk: listing, deleting (with the clip), and what retention removed. */
@Injectable()
export class EventsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('events');
  private readonly store: MotionEventStore;
  private readonly library: VideoLibrary;

  constructor(config: AppConfig) {
    this.store = new MotionEventStore(config.videos_dir);
    this.library = new VideoLibrary(config.videos_dir);
  }

  async onModuleInit(): Promise<void> {
    const { loaded, skipped } = await this.store.load().catch((error: Error) => {
      this.logger.error(`could not read the motion events: ${error.message}`);
      return { loaded: 0, skipped: [] };
    });
    if (loaded) this.logger.log(`${loaded} motion events on record`);
    for (const name of skipped) this.logger.warn(`skipped unreadable motion event file ${name}`);
  }

  /**
   * An event still open is one the server stopped in the middle of: it ended then, at the last
   * frame of its clip (crash recovery has finalised the clip by now), else at its start.
   */
  async onApplicationBootstrap(): Promise<void> {
    for (const event of this.store.list({ limit: Number.MAX_SAFE_INTEGER })) {
      if (event.ended_at === null) {
        await this.save({ ...event, ended_at: (await this.endOfClip(event)) ?? event.started_at });
      }
    }
  }

  list(query: EventQueryDto): MotionEventListResponse {
    const events = this.store.list({
      sessionId: query.session_id,
      since: query.since ? new Date(query.since) : undefined,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    return { events };
  }

  save(event: MotionEvent): Promise<void> {
    return this.store.save(event);
  }

  /** Deletes the event and its clip; an event still going on cannot be deleted. */
  async delete(id: string): Promise<void> {
    const event = this.store.get(id);
    if (!event) throw new NotFoundException(`event ${id} not found`);
    if (event.ended_at === null) {
      throw new ConflictException(`event ${id} is still going on; delete it once it has ended`);
    }
    if (event.filename) await this.library.delete(event.filename).catch(() => undefined);
    await this.store.delete(id);
    this.logger.log(`event ${id} deleted${event.filename ? ` with ${event.filename}` : ''}`);
  }

  /**
   * When the clip's last frame was live: the clip holds its pre-roll before the last still
   * frame, which came one analysed frame before the event's start, and the rest after it.
   */
  private async endOfClip(event: MotionEvent): Promise<string | null> {
    if (!event.filename) return null;
    const video = await this.library.metadata(event.filename).catch(() => null);
    if (!video) return null;
    const afterPreRollS = video.duration_s - (video.pre_roll?.delivered_s ?? 0);
    const end = Date.parse(event.started_at) + afterPreRollS * 1000;
    return new Date(Math.max(end, Date.parse(event.started_at))).toISOString();
  }

  /** Retention deleted this clip: its events stay, without a clip. */
  async clipDeleted(filename: string): Promise<void> {
    for (const event of this.store.withClip(filename)) {
      await this.store.save({ ...event, filename: null, thumbnail_url: null });
    }
  }
}
