import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HubSubscription, SubscribeOptions } from '@camrec/media';
import type { RecordingState, RecordingStatus, SourceType } from '@camrec/shared-types';
import type { ClipWriter } from './clip-writer';
import type { MjpegEncodeSettings } from './ffmpeg-args';
import { Finaliser } from './finaliser';
import { FragmentWriter, type WriterResult } from './fragment-writer';
import type { MediaTools } from './media-tools';
import { MjpegRecorder } from './mjpeg-recorder';
import { recordingFiles, recordingName } from './recording-name';
import { type VideoAnnotations, type VideoMetadata, writeVideoMetadata } from './video-metadata';
import { checkVideosFolder, DEFAULT_MIN_FREE_BYTES, freeBytes } from './videos-folder-check';

/** The part of a StreamHub a recording needs. */
export interface RecordableHub {
  subscribe(options: SubscribeOptions): HubSubscription;
}

export interface ClipRecordingOptions {
  sessionId: string;
  sourceType: SourceType;
  hub: RecordableHub;
  videosDir: string;
  /** Requested seconds, or null for "until stopped". */
  durationS: number | null;
  /** The cap that applies either way (config `record_max_duration_s`). */
  maxDurationS: number;
  tools: MediaTools;
  encode: MjpegEncodeSettings;
  /** Refuse to start, and stop, when the disk has less free space than this. */
  minFreeBytes?: number;
  /** How often free space is checked while recording (default 5 s). */
  diskCheckIntervalMs?: number;
  /** Bound of the recorder's lossless queue (default 64 MiB: seconds of slow disk). */
  maxQueueBytes?: number;
  /**
   * What the clip is (motion clip, its event, its pre-roll). Read when the clip starts, into
   * its in-progress metadata (which crash recovery keeps), and again when it is finalised
   * (the pre-roll delivered is only final then).
   */
  annotations?: () => VideoAnnotations;
}

const DEFAULT_MAX_QUEUE_BYTES = 64 * 1024 * 1024;

/**
 * One clip from one session: writing to `NAME.mp4.part`, then finalised into `NAME.mp4`
 * when it is stopped, reaches its duration, or its stream ends. A failure while writing
 * still finalises what reached the disk, and the state says why it failed.
 */
export class ClipRecording {
  /** Resolves with the finished video; rejects when not even a partial video could be made. */
  readonly done: Promise<VideoMetadata>;
  private currentState: RecordingState = 'recording';
  private failure: string | undefined;
  private failed = false;
  private finished: VideoMetadata | null = null;
  private stopRequested = false;
  private readonly diskTimer: NodeJS.Timeout;

  private constructor(
    readonly filename: string,
    readonly startedAt: Date,
    private readonly options: ClipRecordingOptions,
    private readonly subscription: HubSubscription,
    private readonly writer: ClipWriter,
  ) {
    this.done = this.finish();
    this.done.catch(() => undefined);
    const minFree = options.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
    this.diskTimer = setInterval(
      () => void this.checkFreeSpace(minFree / 2),
      options.diskCheckIntervalMs ?? 5000,
    );
    this.diskTimer.unref();
  }

  /** Checks the disk, picks a free name and starts writing. Throws VideosFolderError. */
  static async start(options: ClipRecordingOptions): Promise<ClipRecording> {
    await checkVideosFolder(options.videosDir, options.minFreeBytes);
    const startedAt = new Date();
    const filename = await freeRecordingName(options.videosDir, options.sessionId, startedAt);
    const files = recordingFiles(filename);
    const partPath = join(options.videosDir, files.part);
    const metadataPath = join(options.videosDir, files.metadata);
    const maxDurationS = Math.min(options.durationS ?? options.maxDurationS, options.maxDurationS);
    const subscription = options.hub.subscribe({
      name: `recorder ${filename}`,
      policy: 'lossless',
      maxQueueBytes: options.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES,
    });
    try {
      // After subscribing: a pre-roll source settles what it delivers when subscribed to.
      await writeVideoMetadata(metadataPath, {
        in_progress: true,
        filename,
        session_id: options.sessionId,
        created_at: startedAt.toISOString(),
        ...options.annotations?.(),
      });
      const writer =
        options.sourceType === 'mjpeg'
          ? await MjpegRecorder.start(subscription, {
              name: `recorder ${filename}`,
              partPath,
              maxDurationS,
              tools: options.tools,
              settings: options.encode,
            })
          : await FragmentWriter.start(subscription, { partPath, maxDurationS });
      return new ClipRecording(filename, startedAt, options, subscription, writer);
    } catch (error) {
      subscription.close();
      await rm(metadataPath, { force: true });
      throw error;
    }
  }

  get state(): RecordingState {
    return this.currentState;
  }

  /** True until the video is final (recording or finalising). */
  get active(): boolean {
    return this.currentState === 'recording' || this.currentState === 'finalizing';
  }

  status(): RecordingStatus {
    const final = this.finished;
    return {
      state: this.currentState,
      filename: this.filename,
      elapsed_s: final ? final.duration_s : round(this.writer.durationS),
      duration: this.options.durationS,
      bytes: final ? final.size_bytes : this.writer.bytesWritten,
      behind_s: this.currentState === 'recording' ? this.behindS() : 0,
      ...(this.failure ? { error: this.failure } : {}),
    };
  }

  /** Ends the clip and resolves once the video is final. Safe to call repeatedly. */
  stop(): Promise<VideoMetadata> {
    this.stopRequested = true;
    void this.writer.stop();
    return this.done;
  }

  private async finish(): Promise<VideoMetadata> {
    let result: WriterResult | null = null;
    try {
      result = await this.writer.finished;
    } catch (error) {
      this.fail(`recording failed: ${(error as Error).message}`);
    }
    clearInterval(this.diskTimer);
    if (
      result?.end === 'stream-changed' ||
      (result?.end === 'source-ended' && !this.stopRequested)
    ) {
      this.failure ??= `recording ended early: ${result.reason ?? 'the stream ended'}`;
    }
    this.currentState = 'finalizing';
    const state = this.failed ? 'failed' : result?.end === 'limit' ? 'completed' : 'stopped';
    try {
      const finaliser = new Finaliser(this.options.videosDir, this.options.tools);
      this.finished = await finaliser.finalise(this.filename, {
        createdAt: this.startedAt,
        outcome: {
          state,
          duration: this.options.durationS,
          ...(this.failure ? { error: this.failure } : {}),
        },
        annotations: this.options.annotations?.(),
      });
    } catch (error) {
      this.fail((error as Error).message);
      this.currentState = 'failed';
      // The error keeps its type (nothing recorded, disk full …): the API answers by it.
      throw error;
    }
    this.currentState = state;
    return this.finished;
  }

  /**
   * How long ago the oldest frame still waiting for the writer (an MJPEG clip: for its encoder)
   * arrived: 0 while the clip keeps up; growing while it falls behind, until its queue's bound
   * fails it.
   */
  private behindS(): number {
    const oldest = this.subscription.stats().oldestQueuedAt;
    return oldest === null ? 0 : round(Math.max(0, Date.now() - oldest) / 1000);
  }

  /** Marks the clip failed; the first reason comes first in the message. */
  private fail(reason: string): void {
    this.failed = true;
    this.failure = this.failure ? `${this.failure}; ${reason}` : reason;
  }

  private async checkFreeSpace(floorBytes: number): Promise<void> {
    if (!this.active || this.stopRequested) return;
    const free = await freeBytes(this.options.videosDir).catch(() => Infinity);
    if (free < floorBytes) {
      this.fail(
        `recording stopped: the disk is nearly full (${Math.floor(free / 1048576)} MiB free)`,
      );
      void this.stop().catch(() => undefined);
    }
  }
}

/**
 * The seed's name for a clip started now (`owner` is the session id, or a camera id for an
 * export); if a clip already has it (started within the same second), the next free second is
 * used so nothing is overwritten. `reserved` are names promised to files not written yet.
 */
export async function freeRecordingName(
  videosDir: string,
  sessionId: string,
  at: Date,
  reserved: ReadonlySet<string> = new Set(),
): Promise<string> {
  for (let offset = 0; offset < 600; offset += 1) {
    const name = recordingName(sessionId, new Date(at.getTime() + offset * 1000));
    if (reserved.has(name)) continue;
    const files = recordingFiles(name);
    const taken = await Promise.all(
      [files.video, files.part, files.metadata].map((file) =>
        access(join(videosDir, file)).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (!taken.includes(true)) return name;
  }
  throw new Error(`no free recording name for session ${sessionId}`);
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}
