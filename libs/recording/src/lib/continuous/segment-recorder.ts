import { join } from 'node:path';
import type { HubSubscription } from '@camrec/media';
import type { SourceType } from '@camrec/shared-types';
import type { RecordableHub } from '../clip-recording';
import type { MjpegEncodeSettings } from '../ffmpeg-args';
import type { MediaTools } from '../media-tools';
import { checkVideosFolder } from '../videos-folder-check';
import { MjpegSegmentSource } from './mjpeg-segment-source';
import { DecodeTimeRebase } from './decode-time-rebase';
import { type CutStep, SegmentCutter } from './segment-cutter';
import { repairSegment } from './segment-facts';
import { SegmentFile } from './segment-file';
import { SegmentPreRoll, type WrittenSegment } from './segment-pre-roll';
import { isValidCameraId, segmentPath } from './segment-path';
import type { SegmentSink, SegmentStorage } from './segment-sink';
import { HubSegmentSource, type SegmentInput, type SegmentSource } from './segment-source';
import type { SegmentSpan } from './segment-span';

export interface SegmentRecorderOptions {
  cameraId: string;
  hub: RecordableHub;
  videosDir: string;
  /** Seconds per segment (cut at the first keyframe after); default 60. */
  segmentS?: number;
  /** `rtsp`: the hub's fMP4, stream-copied; `mjpeg`: JPEG frames, encoded with `encode`. */
  sourceType: SourceType;
  tools: MediaTools;
  encode: MjpegEncodeSettings;
  /** MJPEG: encoded to H.264 with `encode` (default), or the camera's JPEGs kept as they come. */
  mjpegStorage?: 'h264' | 'jpeg';
  sink: SegmentSink;
  /** Bound of the lossless queue (default 64 MiB): overflowing it fails the recorder. */
  maxQueueBytes?: number;
  /** No segment is opened with less free space than this (default 256 MiB). */
  minFreeBytes?: number;
  /** Nothing that arrived at or before this is recorded (the end of what is indexed). */
  notBeforeMs?: number;
  /** The crash window: how often the file is flushed to the disk (default 1000 ms). */
  syncIntervalMs?: number;
  /**
   * Seconds of the recent past whose place in the segments is kept for clips' pre-roll (see
   * `preRoll`); 0 (the default): none. Not for MJPEG cameras, whose clips take JPEGs.
   */
  preRollS?: number;
}

export interface SegmentRecorderStats {
  /** From the first segment opened until the recorder ends, the short cuts between segments too. */
  recording: boolean;
  /** Relative path of the segment being written; null between segments. */
  currentPath: string | null;
  currentBytes: number;
  bytesWritten: number;
  segmentsWritten: number;
  /** Fragments not recorded: before a run's first keyframe, or already recorded. */
  skippedFragments: number;
  /** Age of the oldest frame still waiting for the recorder; grows while the disk lags. */
  behindS: number;
}

export interface SegmentRecorderResult {
  end: 'stopped' | 'source-ended';
  /** Why the stream ended (e.g. "session closed"), for `source-ended`. */
  reason?: string;
  segmentsWritten: number;
}

interface OpenSegment {
  id: string;
  path: string;
  span: SegmentSpan;
  file: SegmentFile;
  written: WrittenSegment;
}

const DEFAULT_MAX_QUEUE_BYTES = 64 * 1024 * 1024;

/**
 * Continuous recording of one camera: its main stream, around the clock, as keyframe-aligned
 * segment files (see SegmentCutter for where they are cut, segmentPath for where they go),
 * one index row each through the injected sink. Never skipped: a queue overflow, a full disk
 * or a failing index rejects `done` (after what reached the disk is made final); the caller
 * restarts it once the cause is dealt with.
 */
export class SegmentRecorder {
  readonly done: Promise<SegmentRecorderResult>;
  /** The recent past, read back from the segments, for clips' pre-roll (see `preRollS`). */
  readonly preRoll: SegmentPreRoll | null;
  private readonly cutter: SegmentCutter;
  private readonly storage: SegmentStorage;
  private current: OpenSegment | null = null;
  private segments = 0;
  private bytes = 0;
  private stopRequested = false;
  private ended = false;

  private constructor(
    private readonly options: SegmentRecorderOptions,
    private readonly subscription: HubSubscription,
    private readonly source: SegmentSource,
  ) {
    this.storage =
      options.sourceType !== 'mjpeg' ? 'copy' : options.mjpegStorage === 'jpeg' ? 'jpeg' : 'h264';
    this.cutter = new SegmentCutter({
      segmentS: options.segmentS ?? 60,
      notBeforeMs: options.notBeforeMs,
    });
    const preRollS = options.preRollS ?? 0;
    this.preRoll =
      this.storage === 'copy' && preRollS > 0
        ? new SegmentPreRoll(options.hub, preRollS * 1000)
        : null;
    this.done = this.run();
    this.done.catch(() => undefined);
  }

  /** Checks the folder and starts recording. Throws VideosFolderError, or on a bad camera id. */
  static async start(options: SegmentRecorderOptions): Promise<SegmentRecorder> {
    if (!isValidCameraId(options.cameraId)) {
      throw new Error(`camera id ${JSON.stringify(options.cameraId)} cannot name segment files`);
    }
    await checkVideosFolder(options.videosDir, options.minFreeBytes);
    const name = `continuous recorder ${options.cameraId}`;
    const subscription = options.hub.subscribe({
      name,
      policy: 'lossless',
      maxQueueBytes: options.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES,
    });
    const source =
      options.sourceType === 'mjpeg'
        ? new MjpegSegmentSource(subscription, {
            name: `continuous encoder ${options.cameraId}`,
            tools: options.tools,
            settings: options.mjpegStorage === 'jpeg' ? 'keep-jpeg' : options.encode,
          })
        : new HubSegmentSource(subscription);
    return new SegmentRecorder(options, subscription, source);
  }

  stats(): SegmentRecorderStats {
    const oldest = this.subscription.stats().oldestQueuedAt;
    return {
      recording: !this.ended && (this.current !== null || this.segments > 0),
      currentPath: this.current?.path ?? null,
      currentBytes: this.current?.file.bytes ?? 0,
      bytesWritten: this.bytes,
      segmentsWritten: this.segments,
      skippedFragments: this.cutter.skippedFragments,
      behindS: oldest === null ? 0 : Math.round(Math.max(0, Date.now() - oldest) / 10) / 100,
    };
  }

  /** Writes what arrived before, makes the last segment final; resolves like `done`. */
  stop(): Promise<SegmentRecorderResult> {
    this.stopRequested = true;
    this.source.end();
    return this.done;
  }

  private async run(): Promise<SegmentRecorderResult> {
    try {
      for await (const input of this.source) await this.accept(input);
      await this.closeSegment(this.cutter.finish());
    } catch (error) {
      await this.salvage();
      const why = (error as Error).message;
      throw new Error(`continuous recording of camera ${this.options.cameraId} failed: ${why}`, {
        cause: error,
      });
    } finally {
      this.ended = true;
      this.preRoll?.clear();
      this.source.close();
    }
    const result = { segmentsWritten: this.segments };
    if (this.stopRequested) return { end: 'stopped', ...result };
    return { end: 'source-ended', reason: this.source.endReason ?? 'the stream ended', ...result };
  }

  private async accept(input: SegmentInput): Promise<void> {
    if (input.type === 'init' && input.hub) this.preRoll?.initSeen(input.hub);
    const step = this.cutter.accept(input);
    if (step.closed) await this.closeSegment(step.closed);
    if (step.opened) await this.openSegment(step.opened);
    const current = this.current;
    if (!step.write || !current) return;
    const parts = current.written.rebase.apply(input.data);
    const offset = current.file.bytes;
    await current.file.append(parts);
    const length = current.file.bytes - offset;
    this.bytes += length;
    if (input.type === 'fragment' && input.hub) {
      this.preRoll?.written(input.hub, current.written, offset, length);
    }
    if (await current.file.syncIfDue(this.options.syncIntervalMs ?? 1000)) {
      await this.options.sink.segmentProgress?.(current.id, {
        endMs: current.span.endMs,
        bytes: current.file.bytes,
        frames: current.span.frames,
      });
    }
  }

  /** The index row first, then the file (see SegmentSink), then the init segment. */
  private async openSegment({ span, init, setup }: NonNullable<CutStep['opened']>): Promise<void> {
    // Not one segment more on a nearly full disk: it could not be finished (VideosFolderError).
    await checkVideosFolder(this.options.videosDir, this.options.minFreeBytes);
    let path = segmentPath(this.options.cameraId, span.startMs);
    // A name already taken (a recorder restarted within a GOP) moves the start by a ms.
    while (await SegmentFile.exists(join(this.options.videosDir, path))) {
      path = segmentPath(this.options.cameraId, ++span.startMs);
    }
    const id = await this.options.sink.segmentOpened({
      path,
      startMs: span.startMs,
      codec: span.codec,
      storage: this.storage,
    });
    let file: SegmentFile;
    try {
      file = await SegmentFile.create(join(this.options.videosDir, path));
    } catch (error) {
      await this.options.sink.segmentDropped?.(id).catch(() => undefined);
      throw error;
    }
    const rebase = new DecodeTimeRebase(setup, span.decodeStart);
    const written = { partPath: file.partPath, finalPath: file.finalPath, rebase };
    this.current = { id, path, span, file, written };
    await file.append([init]);
    this.bytes += init.length;
  }

  private async closeSegment(span: SegmentSpan | null): Promise<void> {
    const current = this.current;
    if (!span || !current) return;
    await current.file.finish();
    this.current = null;
    this.segments += 1;
    await this.options.sink.segmentClosed(current.id, span.facts(current.file.bytes));
  }

  /**
   * After a failure: what reached the disk is made final and indexed, as far as it can be; a
   * segment with nothing to keep is dropped from the index.
   */
  private async salvage(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (!current) return;
    await current.file.abandon();
    try {
      const facts = await repairSegment(current.file.partPath);
      if (facts) await this.options.sink.segmentClosed(current.id, facts);
      else await this.options.sink.segmentDropped?.(current.id);
    } catch {
      // Left as it is: the start-up repair (repairSegment) deals with it.
    }
  }
}
