import {
  BadRequestException,
  BeforeApplicationShutdown,
  ConflictException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  OnModuleInit,
} from '@nestjs/common';
import { Catalog, CatalogConflictError, type ExportRow } from '@camrec/catalog';
import { ChildProcessRegistry } from '@camrec/process';
import {
  type ExportSegment,
  Finaliser,
  FootageExport,
  freeRecordingName,
  type MediaTools,
  planExport,
} from '@camrec/recording';
import type { ExportInfo, ExportListResponse } from '@camrec/shared-types';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipIndex } from '../catalog/clip-index';
import { parseInstant } from '../common/instant';
import { AppConfig } from '../config/app-config';
import type { CreateExportDto } from './exports.dto';

/** The longest range one export covers. */
const MAX_EXPORT_DAYS = 7;
/** Exports waiting or being written at once; more are refused until one finishes. */
const MAX_QUEUED = 8;
/** What an export is written as until it is whole, beside the videos. */
const WRITING_SUFFIX = '.export';
/** Progress is written to the index at most this often. */
const PROGRESS_INTERVAL_MS = 500;
/** Names an export may find taken in the index (by failed exports) before it gives up. */
const MAX_NAME_TRIES = 100;
const DAY_MS = 86_400_000;

/**
 * Saved exports: a camera's footage between two instants as one MP4 in the library (copied,
 * never re-encoded; see FootageExport), made one at a time in the background with its progress
 * in the index, and kept from retention until deleted. The row is written first, the file is
 * written under a temporary name and renamed when whole: an export the server stopped in the
 * middle of is marked failed at the next start and its file removed.
 */
@Injectable()
export class ExportsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('exports');
  private readonly tools: MediaTools;
  private readonly running = new Map<string, FootageExport>();
  private readonly cancelled = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  /** Names of the exports queued or being written: their files do not exist yet. */
  private readonly reservedNames = new Set<string>();

  constructor(
    private readonly config: AppConfig,
    private readonly catalog: Catalog,
    private readonly clips: ClipIndex,
    registry: ChildProcessRegistry,
  ) {
    this.tools = { ffmpegPath: config.ffmpeg_path, ffprobePath: config.ffprobe_path, registry };
  }

  async onModuleInit(): Promise<void> {
    for (const row of await this.catalog.exports.list({ limit: Number.MAX_SAFE_INTEGER })) {
      if (row.state === 'pending' || row.state === 'writing') {
        await this.catalog.exports.update(row.id, {
          state: 'failed',
          error: 'the server stopped before the export was finished',
        });
      }
    }
    const names = await readdir(this.config.videos_dir).catch(() => []);
    for (const name of names.filter((n) => n.endsWith(WRITING_SUFFIX))) {
      await rm(join(this.config.videos_dir, name), { force: true });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const [id, job] of this.running) {
      this.cancelled.add(id);
      job.cancel();
    }
    await this.queue;
  }

  async create(request: CreateExportDto): Promise<ExportInfo> {
    const start = parseInstant(request.start, 'start');
    const end = parseInstant(request.end, 'end');
    if (end <= start) throw new BadRequestException('end must be after start');
    if (end - start > MAX_EXPORT_DAYS * DAY_MS) {
      throw new BadRequestException(
        `the range from start to end of an export may cover at most ${MAX_EXPORT_DAYS} days`,
      );
    }
    if (this.queued >= MAX_QUEUED) {
      throw new HttpException(
        `${this.queued} exports are waiting or being written; wait for one to finish`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    // Counted before the first await: requests that arrive together cannot all pass the check.
    this.queued++;
    let filename: string | null = null;
    try {
      const cameraId = request.camera_id;
      const segments = (await this.catalog.segments.between(cameraId, start, end)).filter(
        (segment) => segment.state === 'final',
      );
      if (!segments.length) {
        throw new NotFoundException(
          `camera ${cameraId} has no recorded footage between ${iso(start)} and ${iso(end)}`,
        );
      }
      const footage: ExportSegment[] = segments.map((s) => ({
        path: join(this.config.videos_dir, s.path),
        startMs: s.start_ms,
        endMs: s.end_ms,
        storage: s.storage,
      }));
      try {
        planExport(footage, start, end);
      } catch (error) {
        // Footage that one ffmpeg run cannot join (JPEG frames beside video): said now.
        throw new ConflictException(`camera ${cameraId}: ${(error as Error).message}`);
      }
      const row = await this.insertRow(cameraId, start, end);
      filename = row.filename;
      const reserved = filename;
      const job = () =>
        this.write(row, footage).finally(() => {
          this.queued--;
          this.reservedNames.delete(reserved);
        });
      this.queue = this.queue.then(job, job);
      this.logger.log(`export ${row.id}: camera ${cameraId} ${iso(start)} – ${iso(end)} queued`);
      return toExportInfo(row);
    } catch (error) {
      this.queued--;
      if (filename) this.reservedNames.delete(filename);
      throw error;
    }
  }

  /**
   * The export's row, under a name reserved for it. A failed export keeps its name in the
   * index but has no file: a name the index already holds is skipped for the next one.
   */
  private async insertRow(cameraId: string, start: number, end: number): Promise<ExportRow> {
    const skipped = new Set<string>();
    for (;;) {
      const filename = await this.reserveName(cameraId, start, skipped);
      try {
        return await this.catalog.exports.insert({
          filename,
          camera_ids: [cameraId],
          start_ms: start,
          end_ms: end,
          state: 'pending',
        });
      } catch (error) {
        this.reservedNames.delete(filename);
        if (!(error instanceof CatalogConflictError) || skipped.size >= MAX_NAME_TRIES) throw error;
        skipped.add(filename);
      }
    }
  }

  /**
   * A file name no clip, export or queued export has (nor one of `skipped`): two exports of the
   * same instant queued together would otherwise be given one name, and the second rename
   * would overwrite the first.
   */
  private async reserveName(
    cameraId: string,
    start: number,
    skipped: Set<string>,
  ): Promise<string> {
    const videos = this.config.videos_dir;
    const taken = () => new Set([...this.reservedNames, ...skipped]);
    let name = await freeRecordingName(videos, cameraId, new Date(start), taken());
    // Reserved by another request while this one looked at the disk: look again.
    while (this.reservedNames.has(name)) {
      name = await freeRecordingName(videos, cameraId, new Date(start), taken());
    }
    this.reservedNames.add(name);
    return name;
  }

  async list(): Promise<ExportListResponse> {
    const rows = await this.catalog.exports.list({ limit: 1000 });
    return { exports: rows.map(toExportInfo) };
  }

  async get(id: string): Promise<ExportInfo> {
    return toExportInfo(await this.row(id));
  }

  /** Cancels an export being written; deletes the video of a finished one. */
  async delete(id: string): Promise<void> {
    const row = await this.row(id);
    this.cancelled.add(id);
    this.running.get(id)?.cancel();
    if (row.state === 'done') await this.clips.delete(row.filename).catch(() => undefined);
    await this.catalog.exports.delete(id);
    this.logger.log(`export ${id} deleted`);
  }

  private async row(id: string): Promise<ExportRow> {
    const row = await this.catalog.exports.get(id);
    if (!row) throw new NotFoundException(`export ${id} not found`);
    return row;
  }

  private async write(row: ExportRow, footage: ExportSegment[]): Promise<void> {
    if (this.cancelled.has(row.id)) return;
    const videos = this.config.videos_dir;
    const writing = join(videos, `${row.filename}${WRITING_SUFFIX}`);
    let reported = 0;
    try {
      await this.catalog.exports.update(row.id, { state: 'writing', progress: 0 });
      const job = await FootageExport.start({
        name: `export ${row.id}`,
        segments: footage,
        startMs: row.start_ms,
        endMs: row.end_ms,
        outputPath: writing,
        tools: this.tools,
        encode: { preset: this.config.record_preset, crf: this.config.record_crf },
        onProgress: (progress) => {
          if (Date.now() - reported < PROGRESS_INTERVAL_MS) return;
          reported = Date.now();
          void this.catalog.exports.update(row.id, { progress }).catch(() => undefined);
        },
      });
      this.running.set(row.id, job);
      const { bytes } = await job.done;
      await rename(writing, join(videos, row.filename));
      // Described (thumbnail, metadata) and indexed as a kept clip of the camera.
      await new Finaliser(videos, this.tools).describeExisting(row.filename);
      await this.clips.annotate(row.filename, { trigger: 'export', keep: true }, row.camera_ids[0]);
      await this.catalog.exports.update(row.id, { state: 'done', progress: 1, bytes });
      this.logger.log(`export ${row.id} is ${row.filename}: ${bytes} bytes`);
    } catch (error) {
      await rm(writing, { force: true });
      if (this.cancelled.has(row.id)) return;
      const reason = (error as Error).message;
      this.logger.error(`export ${row.id} failed: ${reason}`);
      await this.catalog.exports
        .update(row.id, { state: 'failed', error: reason.slice(0, 500) })
        .catch(() => undefined);
    } finally {
      this.running.delete(row.id);
    }
  }
}

function toExportInfo(row: ExportRow): ExportInfo {
  return {
    id: row.id,
    camera_id: row.camera_ids[0],
    start: iso(row.start_ms),
    end: iso(row.end_ms),
    state: row.state,
    progress: row.progress,
    filename: row.state === 'done' ? row.filename : null,
    bytes: row.bytes,
    error: row.error,
    created_at: iso(row.created_at),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
