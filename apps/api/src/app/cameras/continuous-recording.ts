import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { Catalog, type CameraRow } from '@camrec/catalog';
import { ChildProcessRegistry } from '@camrec/process';
import {
  reconcileSegments,
  SegmentRecorder,
  settleWritingSegments,
  type SegmentSink,
} from '@camrec/recording';
import type { Subscription } from 'rxjs';
import { AppConfig } from '../config/app-config';
import { MAX_PRE_ROLL_S, PreRollService } from '../recording/pre-roll.service';
import { RetentionService } from '../retention/retention.service';
import type { SessionEntry } from '../session/session-entry';
import { SessionEvents } from '../session/session-events';

/** A recorder that failed (disk full, a slow disk) starts again after this, once room is made. */
const RESTART_DELAY_MS = 5000;

/** A camera's continuous recording since the server started, across its recorders. */
export interface ContinuousStats {
  /** Bytes written to segment files (only grows). */
  bytesWritten: number;
  /** Fragments not recorded: before a recorder's first keyframe (only grows). */
  skippedFragments: number;
  /** How far the recorder is behind the camera: age of the oldest frame it has not written. */
  behindS: number;
}

interface Recording {
  camera: CameraRow;
  session: SessionEntry;
  recorder: SegmentRecorder | null;
  /** End of the last segment indexed: a restarted recorder does not record it again. */
  indexedUntil: number | undefined;
  stopped: boolean;
  restart: NodeJS.Timeout | null;
  /** Why the last recorder failed, until the next one writes a segment. */
  error: string | null;
}

/**
 * Records saved cameras in mode `continuous` around the clock: one SegmentRecorder per camera
 * on its main stream, one index row per segment (written before the file, finished after it).
 * A recorder that fails is restarted once retention has made room; recording never stops by
 * itself while the camera is enabled.
 */
@Injectable()
export class ContinuousRecording
  implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly logger = new Logger('continuous');
  private readonly recordings = new Map<string, Recording>();
  /** Per camera: what its ended recorders wrote, and the recorders not yet counted in it. */
  private readonly totals = new Map<
    string,
    { ended: Omit<ContinuousStats, 'behindS'>; running: Set<SegmentRecorder> }
  >();
  private closing: Subscription | null = null;
  /** Set as the server stops: no recorder starts or restarts after it (the index is closing). */
  private shuttingDown = false;

  constructor(
    private readonly config: AppConfig,
    private readonly catalog: Catalog,
    private readonly registry: ChildProcessRegistry,
    private readonly retention: RetentionService,
    private readonly events: SessionEvents,
    private readonly preRoll: PreRollService,
  ) {}

  /** Before any camera opens: the segments a crash interrupted, and the index, made whole. */
  async onModuleInit(): Promise<void> {
    const started = Date.now();
    // An unusable folder must not stop the server: recording then says why (507).
    const result = await reconcileSegments(this.config.videos_dir, this.catalog.segments).catch(
      (error: Error) => {
        this.logger.error(
          `could not reconcile the segments in ${this.config.videos_dir}: ${error.message}`,
        );
        return null;
      },
    );
    if (result) {
      const { repaired, indexed, dropped, failed } = result;
      if (repaired || indexed || dropped) {
        this.logger.log(
          `index and folder reconciled in ${Date.now() - started} ms: ${repaired} segment(s) repaired, ${indexed} indexed, ${dropped} row(s) without a file dropped`,
        );
      }
      for (const { path, reason } of failed)
        this.logger.error(`could not index ${path}: ${reason}`);
    }
    // A recording drains its stream into the last segment before the session goes.
    this.closing = this.events.closing.subscribe(({ entry, waitUntil }) => {
      for (const [cameraId, recording] of this.recordings) {
        if (recording.session === entry) waitUntil(this.stop(cameraId));
      }
    });
  }

  onModuleDestroy(): void {
    this.shuttingDown = true;
    this.closing?.unsubscribe();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([...this.recordings.keys()].map((id) => this.stop(id)));
  }

  /** True from the camera's first segment until its recorder ends (not only while a file is open). */
  isRecording(cameraId: string): boolean {
    return Boolean(this.recordings.get(cameraId)?.recorder?.stats().recording);
  }

  /** What the camera's recorders did since the server started; null if it never recorded. */
  stats(cameraId: string): ContinuousStats | null {
    const totals = this.totals.get(cameraId);
    if (!totals) return null;
    const stats = { ...totals.ended, behindS: 0 };
    for (const recorder of totals.running) {
      const now = recorder.stats();
      stats.bytesWritten += now.bytesWritten;
      stats.skippedFragments += now.skippedFragments;
      stats.behindS = Math.max(stats.behindS, now.behindS);
    }
    return stats;
  }

  /** Why the camera, to be recorded, is not (a full disk); null once a segment is written again. */
  recordingError(cameraId: string): string | null {
    return this.recordings.get(cameraId)?.error ?? null;
  }

  /**
   * The camera's main stream has a (new) session, or its settings changed: records it when its
   * mode is `continuous`, stops recording it otherwise.
   */
  async follow(camera: CameraRow, session: SessionEntry | null): Promise<void> {
    const current = this.recordings.get(camera.id);
    const wanted = camera.record_mode === 'continuous' && session !== null;
    const sameSetup =
      current?.session === session &&
      current?.camera.segment_s === camera.segment_s &&
      current?.camera.mjpeg_storage === camera.mjpeg_storage;
    if (current && wanted && sameSetup) {
      current.camera = camera;
      return;
    }
    if (current) await this.stop(camera.id);
    // A session that opened as the server began to stop is not recorded: nothing would stop it.
    if (!wanted || !session || this.shuttingDown) return;
    const recording: Recording = {
      camera,
      session,
      recorder: null,
      indexedUntil: undefined,
      stopped: false,
      restart: null,
      error: null,
    };
    this.recordings.set(camera.id, recording);
    await this.begin(recording);
  }

  /** Ends the camera's recording: what arrived is written, the last segment made final. */
  async stop(cameraId: string): Promise<void> {
    const recording = this.recordings.get(cameraId);
    if (!recording) return;
    this.recordings.delete(cameraId);
    recording.stopped = true;
    if (recording.restart) clearTimeout(recording.restart);
    await recording.recorder?.stop().catch(() => undefined);
  }

  private async begin(recording: Recording): Promise<void> {
    const { camera, session } = recording;
    try {
      await this.settle(camera.id);
      const recorder = await SegmentRecorder.start({
        cameraId: camera.id,
        hub: session.camera.hub,
        videosDir: this.config.videos_dir,
        segmentS: camera.segment_s,
        sourceType: session.camera.sourceType,
        tools: {
          ffmpegPath: this.config.ffmpeg_path,
          ffprobePath: this.config.ffprobe_path,
          registry: this.registry,
        },
        encode: { preset: this.config.record_preset, crf: this.config.record_crf },
        mjpegStorage: camera.mjpeg_storage,
        sink: this.sink(recording),
        notBeforeMs: recording.indexedUntil,
        // Clips of the session (a manual recording's pre-roll) read the past from the
        // segments instead of a ring holding a copy of it in memory.
        preRollS: MAX_PRE_ROLL_S,
      });
      recording.recorder = recorder;
      this.count(camera.id, recorder);
      const past = recorder.preRoll;
      if (past) {
        this.preRoll.recordedContinuously(session.id, past);
        void recorder.done
          .catch(() => undefined)
          .then(() => this.preRoll.notRecordedContinuously(session.id, past));
      }
      this.logger.log(
        `camera ${camera.id}: recording continuously (${camera.segment_s} s segments)`,
      );
      recorder.done.then(
        (result) => {
          if (!recording.stopped) {
            this.logger.log(`camera ${camera.id}: continuous recording ended: ${result.reason}`);
          }
        },
        (error: Error) => this.failed(recording, error),
      );
    } catch (error) {
      this.failed(recording, error as Error);
    }
  }

  /**
   * Counts the recorder as running until it ends, then into the camera's totals in one step
   * (its stats stay readable), so that the totals never go down.
   */
  private count(cameraId: string, recorder: SegmentRecorder): void {
    let totals = this.totals.get(cameraId);
    if (!totals) {
      totals = { ended: { bytesWritten: 0, skippedFragments: 0 }, running: new Set() };
      this.totals.set(cameraId, totals);
    }
    const { ended, running } = totals;
    running.add(recorder);
    void recorder.done
      .catch(() => undefined)
      .then(() => {
        const last = recorder.stats();
        ended.bytesWritten += last.bytesWritten;
        ended.skippedFragments += last.skippedFragments;
        running.delete(recorder);
      });
  }

  /**
   * Rows of the camera that a failed recorder left "being written" (on a full disk not even the
   * index could be updated) are made final or dropped before it records again.
   */
  private async settle(cameraId: string): Promise<void> {
    const { repaired, dropped } = await settleWritingSegments(
      this.config.videos_dir,
      this.catalog.segments,
      cameraId,
    );
    if (repaired || dropped) {
      this.logger.log(
        `camera ${cameraId}: ${repaired} segment(s) a failure interrupted made final, ${dropped} with nothing to keep dropped`,
      );
    }
  }

  /** Loud, then again once retention has had its go at the disk. */
  private failed(recording: Recording, error: Error): void {
    recording.recorder = null;
    if (recording.stopped || this.shuttingDown) return;
    recording.error = error.message;
    this.logger.error(`${error.message}; starting again in ${RESTART_DELAY_MS / 1000} s`);
    void this.retention.enforce();
    recording.restart = setTimeout(() => {
      recording.restart = null;
      if (!recording.stopped && !this.shuttingDown) void this.begin(recording);
    }, RESTART_DELAY_MS);
  }

  private sink(recording: Recording): SegmentSink {
    const segments = this.catalog.segments;
    return {
      segmentOpened: async (segment) =>
        String(
          await segments.startWriting({
            cameraId: recording.camera.id,
            path: segment.path,
            startMs: segment.startMs,
            codec: segment.codec,
            storage: segment.storage,
          }),
        ),
      segmentProgress: async (id, progress) => {
        await segments.progress(Number(id), progress);
        // Synced to the disk and indexed: recording works again.
        recording.error = null;
      },
      segmentClosed: async (id, facts) => {
        await segments.finish(Number(id), {
          endMs: facts.endMs,
          bytes: facts.bytes,
          frames: facts.frames,
        });
        recording.indexedUntil = facts.endMs;
        recording.error = null;
        void this.retention.enforce();
      },
      segmentDropped: async (id) => {
        await segments.delete(Number(id));
      },
    };
  }
}
