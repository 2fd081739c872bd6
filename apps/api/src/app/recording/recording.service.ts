import {
  BadGatewayException,
  BadRequestException,
  BeforeApplicationShutdown,
  ConflictException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { ChildProcessRegistry } from '@camrec/process';
import {
  ClipRecording,
  FinaliseError,
  type MediaTools,
  NothingRecordedError,
  recoverLeftovers,
  type VideoMetadata,
  VideosFolderError,
} from '@camrec/recording';
import type {
  RecordingStatus,
  StartRecordingResponse,
  StopRecordingResponse,
} from '@camrec/shared-types';
import { AppConfig } from '../config/app-config';
import { describePreRoll, PreRollService } from './pre-roll.service';
import { RetentionService } from '../retention/retention.service';
import { ClipIndex } from '../catalog/clip-index';
import type { SessionEntry } from '../session/session-entry';
import { SessionEvents } from '../session/session-events';
import { SessionService } from '../session/session.service';
import { toHttpError } from '../videos/video-http-errors';
import { StartRecordingDto } from './recording.dto';

/** How long a finished recording's status stays in memory when nobody reads it. */
const FORGET_FINISHED_AFTER_MS = 5 * 60_000;

/**
 * One clip at a time per session. Recordings are finalised before their session closes and
 * before the server shuts down; `.part` files a crash left behind are finalised at start-up.
 * A finished recording is forgotten once its status has been read, or after a while: its
 * status then comes from the metadata file beside the video.
 */
@Injectable()
export class RecordingService implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('recording');
  /** The current recording of each session, or a finished one whose status is unread. */
  private readonly recordings = new Map<string, ClipRecording>();
  /**
   * Starts in progress: a second start must not slip in meanwhile, and a session that
   * closes waits for them, so that a started clip is always finalised.
   */
  private readonly starting = new Map<string, Promise<unknown>>();
  private readonly tools: MediaTools;
  private closingSubscription: Subscription | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly sessions: SessionService,
    registry: ChildProcessRegistry,
    private readonly preRoll: PreRollService,
    private readonly retention: RetentionService,
    private readonly events: SessionEvents,
    private readonly clips: ClipIndex,
  ) {
    this.tools = { ffmpegPath: config.ffmpeg_path, ffprobePath: config.ffprobe_path, registry };
  }

  async onModuleInit(): Promise<void> {
    this.closingSubscription = this.events.closing.subscribe(({ entry, waitUntil }) =>
      waitUntil(this.finishBeforeClose(entry.id)),
    );
    // Before the server listens: a crash's leftovers are videos again before anyone lists.
    // An unusable folder must not stop the server: starting a recording then says why (507).
    const report = await recoverLeftovers(this.config.videos_dir, this.tools).catch(
      (error: Error) => {
        this.logger.error(
          `could not look for leftover recordings in ${this.config.videos_dir}: ${error.message}`,
        );
        return { finalised: [], described: [], failed: [] };
      },
    );
    for (const name of report.finalised) this.logger.log(`recovered ${name} from its .part`);
    for (const name of report.described) this.logger.log(`wrote the missing metadata of ${name}`);
    for (const { filename, reason } of report.failed)
      this.logger.error(`could not recover ${filename}: ${reason}`);
    await this.clips
      .reconcile()
      .catch((error: Error) =>
        this.logger.error(
          `could not index the clips of ${this.config.videos_dir}: ${error.message}`,
        ),
      );
  }

  onModuleDestroy(): void {
    this.closingSubscription?.unsubscribe();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.starting.values()].map((start) => start.catch(() => undefined)));
    const active = [...this.recordings.values()].filter((recording) => recording.active);
    await Promise.all(active.map((recording) => recording.stop().catch(() => undefined)));
  }

  /** True while the session's clip is being written (for the session list). */
  isRecording(sessionId: string): boolean {
    return this.recordings.get(sessionId)?.state === 'recording';
  }

  async start(request: StartRecordingDto): Promise<StartRecordingResponse> {
    const max = this.config.record_max_duration_s;
    const duration = request.duration ?? null;
    if (duration !== null && (duration < 1 || duration > max)) {
      throw new BadRequestException(
        `duration must be from 1 to ${max} seconds (record_max_duration_s); got ${duration}`,
      );
    }
    const session = this.sessions.get(request.session_id);
    const current = this.recordings.get(session.id);
    if (this.starting.has(session.id) || current?.active) {
      throw new ConflictException(
        `session ${session.id} is already recording${current?.active ? ` to ${current.filename}` : ''}`,
      );
    }
    if (session.closing) throw new ConflictException(`session ${session.id} is closing`);
    const starting = this.startClip(session, duration, request.pre_roll_s ?? 0);
    this.starting.set(session.id, starting);
    try {
      const recording = await starting;
      return {
        filename: recording.filename,
        started_at: recording.startedAt.toISOString(),
        duration,
      };
    } catch (error) {
      if (error instanceof VideosFolderError) {
        throw new HttpException(error.message, HttpStatus.INSUFFICIENT_STORAGE);
      }
      throw toHttpError(error, 'starting the recording');
    } finally {
      this.starting.delete(session.id);
    }
  }

  /** Resolves once the file is final. */
  async stop(sessionId: string): Promise<StopRecordingResponse> {
    const recording = this.recordings.get(sessionId);
    if (!recording?.active) {
      this.sessions.get(sessionId); // 404 for an unknown session
      const last = recording
        ? ` (its last recording ${recording.filename} is ${recording.state})`
        : '';
      throw new ConflictException(`session ${sessionId} is not recording${last}`);
    }
    try {
      const video = await recording.stop();
      return {
        filename: video.filename,
        duration_s: video.duration_s,
        size_bytes: video.size_bytes,
      };
    } catch (error) {
      throw finaliseHttpError(recording.filename, error);
    }
  }

  async status(sessionId: string): Promise<RecordingStatus> {
    const recording = this.recordings.get(sessionId);
    if (recording) {
      // Read once when finished: the status of the clip is the client's now.
      if (!recording.active) this.forget(sessionId, recording);
      return recording.status();
    }
    // An unreadable videos folder hides no recording state: the session is then idle.
    const video = await this.clips.latestOfSession(sessionId).catch(() => null);
    if (video) return statusFromMetadata(video);
    this.sessions.get(sessionId); // 404 for an unknown session
    return { state: 'idle', filename: null, elapsed_s: 0, duration: null, bytes: 0, behind_s: 0 };
  }

  private async startClip(
    session: SessionEntry,
    duration: number | null,
    preRollS: number,
  ): Promise<ClipRecording> {
    const sessionId = session.id;
    const source = this.preRoll.start(sessionId, preRollS);
    const recording = await ClipRecording.start({
      sessionId,
      sourceType: session.camera.sourceType,
      hub: source.hub,
      videosDir: this.config.videos_dir,
      // The duration counts from now: the pre-roll comes on top.
      durationS: duration === null ? null : duration + (source.preRoll?.delivered_s ?? 0),
      maxDurationS: this.config.record_max_duration_s,
      tools: this.tools,
      encode: { preset: this.config.record_preset, crf: this.config.record_crf },
      annotations: () => (source.preRoll ? { pre_roll: { ...source.preRoll } } : {}),
    });
    this.recordings.set(sessionId, recording);
    this.clips.track(recording, session.owner?.cameraId ?? null);
    this.logger.log(`session ${sessionId}: recording ${recording.filename}`);
    recording.done.then(
      (video) => {
        this.logger.log(
          `${video.filename} is final: ${video.duration_s} s, ${video.size_bytes} bytes`,
        );
        if (video.pre_roll)
          this.logger.log(`${video.filename}: ${describePreRoll(video.pre_roll)}`);
        void this.retention.enforce();
      },
      (error: Error) => this.logger.error(`${recording.filename}: ${error.message}`),
    );
    void recording.done
      .catch(() => undefined)
      .then(() =>
        setTimeout(() => this.forget(sessionId, recording), FORGET_FINISHED_AFTER_MS).unref(),
      );
    return recording;
  }

  /** Drops a finished recording, unless a newer one of the session took its place. */
  private forget(sessionId: string, recording: ClipRecording): void {
    if (this.recordings.get(sessionId) === recording) this.recordings.delete(sessionId);
  }

  private async finishBeforeClose(sessionId: string): Promise<void> {
    // A start in progress finishes first: its clip is then stopped and finalised like any.
    await this.starting.get(sessionId)?.catch(() => undefined);
    const recording = this.recordings.get(sessionId);
    if (!recording?.active) return;
    this.logger.log(`session ${sessionId} is closing: finalising ${recording.filename}`);
    await recording.stop().catch(() => undefined);
  }
}

function statusFromMetadata(video: VideoMetadata): RecordingStatus {
  const outcome = video.recording;
  return {
    state: outcome?.state ?? 'completed',
    filename: video.filename,
    elapsed_s: video.duration_s,
    duration: outcome?.duration ?? null,
    bytes: video.size_bytes,
    behind_s: 0,
    ...(outcome?.error ? { error: outcome.error } : {}),
  };
}

/**
 * Why a clip could not be finalised, as HTTP: stopped before anything arrived is 409, a
 * disk failure 507 (403 without permission), a stream ffmpeg could not remux 502.
 */
function finaliseHttpError(filename: string, error: unknown): unknown {
  const message = `recording ${filename} could not be finalised: ${(error as Error).message}`;
  if (error instanceof NothingRecordedError) return new ConflictException(message);
  if (error instanceof FinaliseError) return new BadGatewayException(message);
  const mapped = toHttpError(error, `finalising ${filename}`);
  return mapped === error ? new BadGatewayException(message) : mapped;
}
