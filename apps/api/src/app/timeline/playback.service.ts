import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { Catalog, type SegmentRow } from '@camrec/catalog';
import { ChildProcessRegistry } from '@camrec/process';
import {
  keyframeThumbnail,
  type MediaTools,
  playbackChunk,
  PlaybackOriginError,
  type PlaybackSegment,
} from '@camrec/recording';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';

/** The most footage one playback request returns: a player asks again as it plays on. */
export const MAX_CHUNK_S = 60;
/** A gap up to this long after the play point is skipped to the next footage. */
const GAP_LOOKAHEAD_MS = 86_400_000;
/** Thumbnails kept (a few KB each): hovering the same stretch again costs no decode. */
const THUMBNAIL_CACHE = 500;

/**
 * Plays continuous footage in the browser: fMP4 chunks for Media Source Extensions built from the
 * segments on the fly (see playbackChunk), and small keyframe thumbnails for the timeline.
 */
@Injectable()
export class PlaybackService {
  private readonly tools: MediaTools;
  /** By the keyframe's digest; insertion order is the eviction order. */
  private readonly thumbnails = new Map<string, Buffer>();

  constructor(
    private readonly config: AppConfig,
    private readonly catalog: Catalog,
    registry: ChildProcessRegistry,
  ) {
    this.tools = { ffmpegPath: config.ffmpeg_path, ffprobePath: config.ffprobe_path, registry };
  }

  /**
   * The chunk as a stream whose first piece is already read: an origin after the footage (400)
   * or no footage (404) is an HTTP error, not a broken body.
   */
  async chunk(
    cameraId: string,
    atMs: number,
    originMs: number,
    durationS: number,
  ): Promise<Readable> {
    const rows = await this.rows(cameraId, atMs, atMs + durationS * 1000);
    if (rows[0]?.storage === 'jpeg') {
      throw new ConflictException(
        `camera ${cameraId} kept its footage at ${new Date(Math.max(atMs, rows[0].start_ms)).toISOString()} as JPEG frames, which Media Source Extensions cannot play: play it through GET /cameras/${cameraId}/jpeg-frames`,
      );
    }
    // The video up to where the footage turns to JPEG frames, if it does.
    const jpeg = rows.findIndex((row) => row.storage === 'jpeg');
    const segments = this.segments(jpeg < 0 ? rows : rows.slice(0, jpeg));
    const chunks = playbackChunk(segments, { atMs, durationMs: durationS * 1000, originMs });
    let first: IteratorResult<Uint8Array>;
    try {
      first = await chunks.next();
    } catch (error) {
      if (error instanceof PlaybackOriginError) throw new BadRequestException(error.message);
      throw error;
    }
    if (first.done) throw noFootage(cameraId, atMs);
    return Readable.from(
      (async function* () {
        yield first.value;
        yield* chunks;
      })(),
    );
  }

  /** A small JPEG of the keyframe at or before `atMs` (or the next footage's first). */
  async thumbnail(cameraId: string, atMs: number): Promise<Buffer> {
    const segments = this.segments(await this.rows(cameraId, atMs, atMs + 1));
    // The init segment and the keyframe's fragment; an origin at the footage's start keeps
    // decode times positive.
    const parts: Uint8Array[] = [];
    const originMs = segments[0]?.startMs ?? atMs;
    for await (const part of playbackChunk(segments, { atMs, durationMs: 1, originMs })) {
      parts.push(part);
      if (parts.length === 2) break;
    }
    if (parts.length < 2) throw noFootage(cameraId, atMs);
    // The same keyframe (hovering within one GOP) is decoded once.
    const key = createHash('sha1').update(parts[1]).digest('base64');
    const cached = this.thumbnails.get(key);
    if (cached) return cached;
    const jpeg = await keyframeThumbnail(Buffer.concat(parts), this.tools);
    this.thumbnails.set(key, jpeg);
    if (this.thumbnails.size > THUMBNAIL_CACHE) {
      this.thumbnails.delete(this.thumbnails.keys().next().value as string);
    }
    return jpeg;
  }

  /** Final and writing segments from the one covering `fromMs` up to `toMs`, or the next after. */
  private async rows(cameraId: string, fromMs: number, toMs: number): Promise<SegmentRow[]> {
    const rows = await this.catalog.segments.between(cameraId, fromMs, toMs);
    if (rows.length) return rows;
    return this.catalog.segments.between(cameraId, fromMs, fromMs + GAP_LOOKAHEAD_MS, 2);
  }

  private segments(rows: SegmentRow[]): PlaybackSegment[] {
    return rows.map((row) => ({
      path: join(this.config.videos_dir, row.path),
      startMs: row.start_ms,
      endMs: row.end_ms,
    }));
  }
}

function noFootage(cameraId: string, atMs: number): NotFoundException {
  return new NotFoundException(
    `camera ${cameraId} has no recorded footage at or after ${new Date(atMs).toISOString()}`,
  );
}
