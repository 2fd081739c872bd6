import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { Catalog } from '@camrec/catalog';
import {
  CodecSetupChangeError,
  planVirtualMp4,
  readVirtualMp4,
  SegmentHeadCache,
  UnservableFootageError,
  type VirtualMp4,
} from '@camrec/recording';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/app-config';
import { parseRange } from '../videos/byte-range';
import type { FileReply } from '../videos/file-reply';

/** The longest range one file covers (a day: 1440 one-minute segments, planned in well under 1 s). */
export const MAX_VIDEO_RANGE_MS = 86_400_000;
/** Plans kept: a `<video>` element asks for many byte ranges of the same file. */
const PLAN_CACHE = 16;
/** Segment heads kept, about 2 KB each when their init segments differ (shared when equal). */
const HEAD_CACHE = 20_000;

export interface RangeVideoRequest {
  range?: string;
  ifRange?: string;
  head: boolean;
}

/**
 * A camera's recorded range as one MP4 file over HTTP, with byte ranges (see planVirtualMp4):
 * nothing re-encoded, nothing written; the bytes come from the segment files as they are read.
 * Only final segments are used, so the same URL gives the same bytes while the footage lasts
 * (the ETag says which); footage still being written is left out until its segment closes.
 */
@Injectable()
export class RangeVideoService {
  /** By camera, range and the segments' rows; insertion order is the eviction order. */
  private readonly plans = new Map<string, VirtualMp4>();
  /** Heads of final segments (they never change): a range next to one asked before costs no read. */
  private readonly heads = new SegmentHeadCache(HEAD_CACHE);

  constructor(
    private readonly config: AppConfig,
    private readonly catalog: Catalog,
  ) {}

  async video(
    cameraId: string,
    startMs: number,
    endMs: number,
    request: RangeVideoRequest,
  ): Promise<FileReply> {
    checkRange(startMs, endMs);
    const mp4 = await this.plan(cameraId, startMs, endMs);
    const camera = await this.catalog.cameras.getIncludingDeleted(cameraId);
    const headers: Record<string, string> = {
      'content-type': 'video/mp4',
      'accept-ranges': 'bytes',
      'cache-control': 'no-cache',
      etag: mp4.etag,
      'content-disposition': `attachment; filename="${fileName(camera?.name ?? cameraId, startMs)}"`,
      'x-footage-start': new Date(mp4.startMs).toISOString(),
      'x-footage-end': new Date(mp4.endMs).toISOString(),
    };
    // If-Range with another validator: the client's bytes are of another file, send it whole.
    const range = request.ifRange && request.ifRange !== mp4.etag ? undefined : request.range;
    const asked = parseRange(range, mp4.size);
    switch (asked.kind) {
      case 'unsatisfiable':
        return {
          status: 416,
          headers: {
            ...headers,
            'content-range': `bytes */${mp4.size}`,
            'content-type': 'application/json; charset=utf-8',
          },
          body: request.head
            ? null
            : JSON.stringify({
                statusCode: 416,
                error: 'Range Not Satisfiable',
                message: asked.reason,
              }),
        };
      case 'partial':
        return {
          status: 206,
          headers: {
            ...headers,
            'content-range': `bytes ${asked.start}-${asked.end}/${mp4.size}`,
            'content-length': String(asked.end - asked.start + 1),
          },
          body: request.head ? null : Readable.from(readVirtualMp4(mp4, asked.start, asked.end)),
        };
      case 'whole':
        return {
          status: 200,
          headers: { ...headers, 'content-length': String(mp4.size) },
          body: request.head ? null : Readable.from(readVirtualMp4(mp4)),
        };
    }
  }

  /** The plan of the range, from the cache while its segments' rows are unchanged. */
  private async plan(cameraId: string, startMs: number, endMs: number): Promise<VirtualMp4> {
    const rows = await this.catalog.segments.between(cameraId, startMs, endMs);
    const jpeg = rows.find((row) => row.storage === 'jpeg');
    if (jpeg) {
      throw new ConflictException(
        `camera ${cameraId} kept its footage at ${new Date(jpeg.start_ms).toISOString()} as JPEG frames, which no MP4 holds without encoding: play it through GET /cameras/${cameraId}/jpeg-frames, or export it (POST /exports)`,
      );
    }
    // Final segments only, up to the one being written: a growing file would change the bytes.
    const writing = rows.findIndex((row) => row.state !== 'final');
    const final = writing < 0 ? rows : rows.slice(0, writing);
    const key = [
      cameraId,
      startMs,
      endMs,
      ...final.map((r) => `${r.id}:${r.end_ms}:${r.bytes}`),
    ].join('|');
    const cached = this.plans.get(key);
    if (cached) return cached;
    const segments = final.map((row) => ({
      path: join(this.config.videos_dir, row.path),
      startMs: row.start_ms,
      endMs: row.end_ms,
      bytes: row.bytes,
    }));
    const mp4 = await planVirtualMp4(segments, { startMs, endMs }, this.heads).catch(
      (error: unknown) => {
        throw httpError(error, cameraId);
      },
    );
    if (!mp4) {
      throw new NotFoundException(
        `camera ${cameraId} has no recorded footage between ${new Date(startMs).toISOString()} and ${new Date(endMs).toISOString()}`,
      );
    }
    this.plans.set(key, mp4);
    if (this.plans.size > PLAN_CACHE) this.plans.delete(this.plans.keys().next().value as string);
    return mp4;
  }
}

function checkRange(startMs: number, endMs: number): void {
  if (endMs <= startMs) throw new BadRequestException('end must be after start');
  if (endMs - startMs > MAX_VIDEO_RANGE_MS) {
    throw new BadRequestException(
      'end must be at most 24 h after start (a longer range: POST /exports, or several files)',
    );
  }
  if (startMs > Date.now()) throw new BadRequestException('start lies in the future');
}

function httpError(error: unknown, cameraId: string): unknown {
  if (error instanceof CodecSetupChangeError) {
    return new ConflictException(
      `camera ${cameraId} changed its codec setup (resolution, profile…) at ${new Date(error.atMs).toISOString()}: one MP4 holds one setup, ask up to or from that instant`,
    );
  }
  if (error instanceof UnservableFootageError) return new ConflictException(error.message);
  // A segment deleted by retention between the index query and the read.
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new NotFoundException(`footage of camera ${cameraId} was deleted while being read`);
  }
  return error;
}

/** `<camera>-<start>.mp4` in characters every file system and header takes. */
export function fileName(camera: string, startMs: number): string {
  const safe = camera
    // Accents off their letters (é → e), then anything else outside [A-Za-z0-9._-] one "_".
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+|_+$/g, '')
    .slice(0, 60);
  const start = new Date(startMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${safe || 'camera'}-${start}.mp4`;
}
