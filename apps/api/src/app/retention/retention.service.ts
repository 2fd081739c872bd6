import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Catalog } from '@camrec/catalog';
import {
  freeBytes,
  planRetention,
  type RetainedFootage,
  type RetentionDecision,
  type RetentionLimits,
} from '@camrec/recording';
import type { RetentionDeletion, RetentionHealth } from '@camrec/shared-types';
import { AppConfig } from '../config/app-config';
import { ClipIndex } from '../catalog/clip-index';
import { EventsService } from '../events/events.service';

const GB = 1024 ** 3;
const DAY_MS = 86_400_000;
/** Also checked after every finished clip; the timer catches ageing and a disk filled by others. */
const CHECK_INTERVAL_MS = 60_000;
const RECENT_DELETIONS = 20;
/** Candidates read from the index at a time (oldest segments, oldest clips). */
const BATCH = 500;
/** One pass deletes at most this many batches; the next pass goes on. */
const MAX_BATCHES = 20;

/** What the footage takes, from the index, and what the videos disk has left. */
export interface FootageStorage {
  clipBytes: number;
  segmentBytes: number;
  /** Null when the videos folder cannot be read. */
  freeBytes: number | null;
}

/** What retention deleted since the server started, by kind of footage. */
export type RetentionCounts = Record<RetentionDecision['kind'], { files: number; bytes: number }>;

/**
 * Keeps the footage (clips and continuous segments) inside retention_max_gb,
 * retention_min_free_gb and the age limits by deleting the oldest first; kept clips, kept
 * ranges and footage being written never go. Disk use is read from the index.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('retention');
  private readonly deletions: RetentionDeletion[] = [];
  private readonly counts: RetentionCounts = {
    clip: { files: 0, bytes: 0 },
    segment: { files: 0, bytes: 0 },
  };
  private running: Promise<void> | null = null;
  /** One more pass after the running one: it may not have seen a clip that finished since. */
  private queued: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly events: EventsService,
    private readonly catalog: Catalog,
    private readonly clips: ClipIndex,
  ) {}

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
    const [used, free] = await Promise.all([
      this.usedBytes().catch(() => 0),
      freeBytes(this.config.videos_dir).catch(() => null),
    ]);
    const c = this.config;
    return {
      max_gb: c.retention_max_gb || null,
      min_free_gb: c.retention_min_free_gb || null,
      days: c.retention_days || null,
      continuous_days: c.retention_continuous_days || null,
      events_days: c.retention_events_days || null,
      used_bytes: used,
      free_bytes: free,
      recent_deletions: [...this.deletions],
    };
  }

  /** Footage by kind (read from the index) and the free space of the videos disk. */
  async storage(): Promise<FootageStorage> {
    const [segments, clipBytes, free] = await Promise.all([
      this.catalog.segments.totals(),
      this.clips.totalBytes(),
      freeBytes(this.config.videos_dir).catch(() => null),
    ]);
    return { clipBytes, segmentBytes: segments.bytes, freeBytes: free };
  }

  /** Files and bytes deleted since the server started (they only grow). */
  deleted(): RetentionCounts {
    return { clip: { ...this.counts.clip }, segment: { ...this.counts.segment } };
  }

  private enabled(): boolean {
    const c = this.config;
    return (
      c.retention_max_gb > 0 ||
      c.retention_min_free_gb > 0 ||
      c.retention_days > 0 ||
      c.retention_continuous_days > 0 ||
      c.retention_events_days > 0
    );
  }

  /** Clips and segments, from the index (the folder is not walked). */
  private async usedBytes(): Promise<number> {
    const [segments, clips] = await Promise.all([
      this.catalog.segments.totals(),
      this.clips.totalBytes(),
    ]);
    return segments.bytes + clips;
  }

  private async pass(): Promise<void> {
    const c = this.config;
    const limits: RetentionLimits = {
      maxBytes: c.retention_max_gb > 0 ? c.retention_max_gb * GB : null,
      minFreeBytes: c.retention_min_free_gb > 0 ? c.retention_min_free_gb * GB : null,
      maxAgeMs: c.retention_days > 0 ? c.retention_days * DAY_MS : null,
      continuousMaxAgeMs:
        c.retention_continuous_days > 0 ? c.retention_continuous_days * DAY_MS : null,
      eventsMaxAgeMs: c.retention_events_days > 0 ? c.retention_events_days * DAY_MS : null,
    };
    try {
      // The oldest footage a batch at a time, until a batch asks for nothing more.
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const [used, free, segments, clips] = await Promise.all([
          this.usedBytes(),
          limits.minFreeBytes !== null ? freeBytes(c.videos_dir).catch(() => null) : null,
          this.catalog.segments.oldest(BATCH),
          this.clips.oldest(BATCH),
        ]);
        const footage: RetainedFootage[] = [
          ...segments.map((row) => ({
            name: row.path,
            kind: 'segment' as const,
            startMs: row.start_ms,
            bytes: row.bytes,
            keep: row.kept,
            hasEvent: row.has_event,
          })),
          ...clips.map((row) => ({
            name: row.filename,
            kind: 'clip' as const,
            startMs: row.start_ms,
            bytes: row.bytes,
            keep: row.keep,
            hasEvent: false,
          })),
        ];
        const plan = planRetention(footage, limits, used, free, Date.now());
        if (!plan.length) return;
        const ids = new Map(segments.map((row) => [row.path, row.id]));
        for (const decision of plan) await this.remove(decision, ids.get(decision.name));
      }
    } catch (error) {
      this.logger.error(`retention pass failed: ${(error as Error).message}`);
    }
  }

  /** The file first, then its row: a crash in between leaves a row the next start drops. */
  private async remove(decision: RetentionDecision, segmentId: number | undefined): Promise<void> {
    if (decision.kind === 'segment' && segmentId !== undefined) {
      await rm(join(this.config.videos_dir, decision.name), { force: true });
      await this.catalog.segments.delete(segmentId);
      this.logger.debug(`deleted ${decision.name}: ${decision.reason}`);
    } else {
      await this.clips.delete(decision.name);
      await this.events.clipDeleted(decision.name);
      this.logger.log(`deleted ${decision.name}: ${decision.reason}`);
    }
    this.counts[decision.kind].files += 1;
    this.counts[decision.kind].bytes += decision.bytes;
    this.deletions.unshift({
      filename: decision.name,
      reason: decision.reason,
      deleted_at: new Date().toISOString(),
    });
    this.deletions.splice(RECENT_DELETIONS);
  }
}
