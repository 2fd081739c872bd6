import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { freeBytes, planRetention, VideoLibrary } from '@camrec/recording';
import type { RetentionDeletion, RetentionHealth } from '@camrec/shared-types';
import { AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';

const GB = 1024 ** 3;
const DAY_MS = 86_400_000;
/** Also checked after every finished clip; the timer catches ageing and a disk filled by others. */
const CHECK_INTERVAL_MS = 60_000;
const RECENT_DELETIONS = 20;

/**
 * Keeps the library inside retention_max_gb, retention_min_free_gb and retention_days by
 * deleting the oldest videos first; videos marked "keep" and videos being written never go.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('retention');
  private readonly library: VideoLibrary;
  private readonly deletions: RetentionDeletion[] = [];
  private running: Promise<void> | null = null;
  /** One more pass after the running one: it may not have seen a clip that finished since. */
  private queued: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly events: EventsService,
  ) {
    this.library = new VideoLibrary(config.videos_dir);
  }

  onApplicationBootstrap(): void {
    if (!this.enabled()) return;
    this.timer = setInterval(() => void this.enforce(), CHECK_INTERVAL_MS);
    this.timer.unref();
    void this.enforce();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs a pass; asked for while one runs, one more follows it (however often asked). */
  enforce(): Promise<void> {
    if (!this.enabled()) return Promise.resolve();
    if (!this.running) {
      this.running = this.pass().finally(() => (this.running = null));
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.enforce();
    });
    return this.queued;
  }

  async health(): Promise<RetentionHealth> {
    const [videos, free] = await Promise.all([
      this.library.list().catch(() => []),
      freeBytes(this.config.videos_dir).catch(() => null),
    ]);
    const {
      retention_max_gb: maxGb,
      retention_min_free_gb: minFreeGb,
      retention_days: days,
    } = this.config;
    return {
      max_gb: maxGb || null,
      min_free_gb: minFreeGb || null,
      days: days || null,
      used_bytes: videos.reduce((sum, video) => sum + video.size_bytes, 0),
      free_bytes: free,
      recent_deletions: [...this.deletions],
    };
  }

  private enabled(): boolean {
    const c = this.config;
    return c.retention_max_gb > 0 || c.retention_min_free_gb > 0 || c.retention_days > 0;
  }

  private async pass(): Promise<void> {
    const c = this.config;
    try {
      const [videos, free] = await Promise.all([
        this.library.list(),
        c.retention_min_free_gb > 0 ? freeBytes(c.videos_dir).catch(() => null) : null,
      ]);
      const plan = planRetention(
        videos.map((v) => ({ ...v, keep: v.keep ?? false })),
        {
          maxBytes: c.retention_max_gb > 0 ? c.retention_max_gb * GB : null,
          minFreeBytes: c.retention_min_free_gb > 0 ? c.retention_min_free_gb * GB : null,
          maxAgeMs: c.retention_days > 0 ? c.retention_days * DAY_MS : null,
        },
        free,
        Date.now(),
      );
      for (const { filename, reason } of plan) {
        await this.library.delete(filename);
        await this.events.clipDeleted(filename);
        this.logger.log(`deleted ${filename}: ${reason}`);
        this.deletions.unshift({ filename, reason, deleted_at: new Date().toISOString() });
        this.deletions.splice(RECENT_DELETIONS);
      }
    } catch (error) {
      this.logger.error(`retention pass failed: ${(error as Error).message}`);
    }
  }
}
