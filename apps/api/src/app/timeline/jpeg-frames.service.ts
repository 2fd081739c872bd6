import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Catalog, type SegmentRow } from '@camrec/catalog';
import { jpegFrames, type JpegFrame, UnservableFootageError } from '@camrec/recording';
import { FOOTAGE_FRAME_HEADER_BYTES } from '@camrec/shared-types';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/app-config';

/** The most footage one answer covers: a player asks again as it plays on. */
export const MAX_FRAMES_CHUNK_S = 30;
/**
 * The most JPEG bytes one answer holds (a few seconds of a 1080p camera): a player fetching
 * ahead at 8× asks for more answers, not larger ones.
 */
export const MAX_FRAMES_CHUNK_BYTES = 8 * 1024 * 1024;
/** A gap up to this long after the play point is skipped to the next footage. */
const GAP_LOOKAHEAD_MS = 86_400_000;

/**
 * Footage kept as JPEG frames, for the dashboard's JPEG player: the frames straight from the
 * segment files (see jpegFrames), each behind a small header with its time (see
 * FOOTAGE_FRAME_HEADER_BYTES). Streamed as read: a request holds a fragment and a few frames.
 */
@Injectable()
export class JpegFramesService {
  constructor(
    private readonly config: AppConfig,
    private readonly catalog: Catalog,
  ) {}

  /**
   * The frames as a stream whose first frame is already read: no footage (404) or video
   * footage (409) is an HTTP error, not a broken body.
   */
  async frames(cameraId: string, atMs: number, durationS: number): Promise<Readable> {
    const durationMs = durationS * 1000;
    const rows = await this.rows(cameraId, atMs, durationMs);
    if (rows[0].storage !== 'jpeg') {
      throw new ConflictException(
        `camera ${cameraId} kept its footage at ${iso(Math.max(atMs, rows[0].start_ms))} as video, not JPEG frames: play it through GET /cameras/${cameraId}/playback.mp4`,
      );
    }
    // The JPEG frames up to where the footage turns to video, if it does.
    const video = rows.findIndex((row) => row.storage !== 'jpeg');
    const segments = (video < 0 ? rows : rows.slice(0, video)).map((row) => ({
      path: join(this.config.videos_dir, row.path),
      startMs: row.start_ms,
      endMs: row.end_ms,
    }));
    const frames = jpegFrames(segments, { atMs, durationMs, maxBytes: MAX_FRAMES_CHUNK_BYTES });
    let first: IteratorResult<JpegFrame>;
    try {
      first = await frames.next();
    } catch (error) {
      if (error instanceof UnservableFootageError) throw new ConflictException(error.message);
      throw error;
    }
    if (first.done) throw noFootage(cameraId, atMs);
    return Readable.from(
      (async function* () {
        yield* frameRecord(first.value);
        for await (const frame of frames) yield* frameRecord(frame);
      })(),
    );
  }

  /** Segments from the one covering `atMs` (or the next footage) for `durationMs`. */
  private async rows(cameraId: string, atMs: number, durationMs: number): Promise<SegmentRow[]> {
    const rows = await this.catalog.segments.between(cameraId, atMs, atMs + durationMs);
    if (rows.length) return rows;
    const [next] = await this.catalog.segments.between(cameraId, atMs, atMs + GAP_LOOKAHEAD_MS, 1);
    if (!next) throw noFootage(cameraId, atMs);
    return this.catalog.segments.between(cameraId, next.start_ms, next.start_ms + durationMs);
  }
}

/** A frame on the wire: its header, then its JPEG (two pieces: the JPEG is not copied). */
function* frameRecord(frame: JpegFrame): Generator<Buffer> {
  const header = Buffer.alloc(FOOTAGE_FRAME_HEADER_BYTES);
  header.writeDoubleBE(frame.atMs, 0);
  header.writeDoubleBE(frame.durationMs, 8);
  header.writeUInt32BE(frame.jpeg.length, 16);
  yield header;
  yield Buffer.from(frame.jpeg.buffer, frame.jpeg.byteOffset, frame.jpeg.byteLength);
}

function noFootage(cameraId: string, atMs: number): NotFoundException {
  return new NotFoundException(
    `camera ${cameraId} has no recorded footage at or after ${iso(atMs)}`,
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
