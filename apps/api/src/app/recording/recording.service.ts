import {
  BadRequestException,
  BeforeApplicationShutdown,
  ConflictException,
  HttpException,
  HttpStatus,
  Injectable,
  InternalServerErrorException,
  Logger,
  OnModuleInit,
} from '@nestjs/common';
import { ChildProcessRegistry } from '@camrec/media';
import {
  ClipRecording,
  type MediaTools,
  recoverLeftovers,
  VideosFolderError,
} from '@camrec/recording';
import type {
  RecordingStatus,
  StartRecordingResponse,
  StopRecordingResponse,
} from '@camrec/shared-types';
import { AppConfig } from '../config/app-config';
import { PreRollService } from '../motion/pre-roll.service';
import { SessionService } from '../session/session.service';
import { StartRecordingDto } from './recording.dto';

/**
 * One clip at a time per session. Recordings are finalised before their session closes and
 * before the server shuts down; `.part` files a crash left behind are finalised at start-up.
 */
@Injectable()
export class RecordingService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('recording');
  /** The current or last recording of each session. */
  private readonly recordings = new Map<string, ClipRecording>();
  /** Sessions whose start is in progress: a second start must not slip in meanwhile. */
  private readonly starting = new Set<string>();
  private readonly tools: MediaTools;

  constructor(
    private readonly config: AppConfig,
    private readonly sessions: SessionService,
    registry: ChildProcessRegistry,
    private readonly preRoll: PreRollService,
  ) {
    this.tools = { ffmpegPath: config.ffmpeg_path, ffprobePath: config.ffprobe_path, registry };
  }

  async onModuleInit(): Promise<void> {
    this.sessions.addCloseHook((sessionId) => this.finishBeforeClose(sessionId));
    this.sessions.setRecordingProbe((sessionId) => this.isRecording(sessionId));
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
  }

  async beforeApplicationShutdown(): Promise<void> {
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
    this.starting.add(session.id);
    try {
      const source = this.preRoll.start(session.id, request.pre_roll_s ?? 0);
      const recording = await ClipRecording.start({
        sessionId: session.id,
        sourceType: session.camera.sourceType,
        hub: source.hub,
        videosDir: this.config.videos_dir,
        // The duration counts from now: the pre-roll comes on top.
        durationS: duration === null ? null : duration + (source.preRoll?.delivered_s ?? 0),
        maxDurationS: max,
        tools: this.tools,
        encode: { preset: this.config.record_preset, crf: this.config.record_crf },
      });
      this.recordings.set(session.id, recording);
      this.logger.log(`session ${session.id}: recording ${recording.filename}`);
      recording.done.then(
        (video) => {
          this.logger.log(
            `${video.filename} is final: ${video.duration_s} s, ${video.size_bytes} bytes`,
          );
          if (source.preRoll) void this.preRoll.describe(video.filename, source.preRoll);
        },
        (error: Error) => this.logger.error(`${recording.filename}: ${error.message}`),
      );
      return {
        filename: recording.filename,
        started_at: recording.startedAt.toISOString(),
        duration,
      };
    } catch (error) {
      if (error instanceof VideosFolderError) {
        throw new HttpException(error.message, HttpStatus.INSUFFICIENT_STORAGE);
      }
      throw error;
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
      throw new InternalServerErrorException(
        `recording ${recording.filename} could not be finalised: ${(error as Error).message}`,
      );
    }
  }

  status(sessionId: string): RecordingStatus {
    const recording = this.recordings.get(sessionId);
    if (recording) return recording.status();
    this.sessions.get(sessionId); // 404 for an unknown session
    return { state: 'idle', filename: null, elapsed_s: 0, duration: null, bytes: 0 };
  }

  private async finishBeforeClose(sessionId: string): Promise<void> {
    const recording = this.recordings.get(sessionId);
    if (!recording?.active) return;
    this.logger.log(`session ${sessionId} is closing: finalising ${recording.filename}`);
    await recording.stop().catch(() => undefined);
  }
}
