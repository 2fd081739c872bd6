import {
  BadRequestException,
  ConflictException,
  HttpException,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationShutdown,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type {
  MediaInfo,
  SessionInfo,
  SessionListItem,
  SessionListResponse,
  SessionMotionState,
} from '@camrec/shared-types';
import {
  CameraSession,
  ChildProcessRegistry,
  parseSourceUrl,
  SessionOpenError,
  SourceUrlError,
} from '@camrec/media';
import { AppConfig } from '../config/app-config';
import { OpenSessionDto } from './session.dto';
import { toSessionInfo, toSessionListItem } from './session-mapper';

/** Runs before a session closes (e.g. a recording is finalised first). */
export type SessionCloseHook = (sessionId: string) => Promise<void>;

/** Runs once a session has opened, with the request that opened it (e.g. motion settings). */
export type SessionOpenHook = (entry: SessionEntry, request: OpenSessionDto) => void;

const MOTION_OFF: SessionMotionState = {
  enabled: false,
  active: false,
  score: 0,
  last_event_at: null,
};

export interface OpenResult {
  session: SessionInfo;
  /** False when the URL already had a session and that one is returned. */
  created: boolean;
}

/** Per-session facts the API keeps beside the camera session. */
export interface SessionEntry {
  id: string;
  name: string;
  /** The URL as given, with credentials: the key for "same URL twice". */
  url: string;
  createdAt: Date;
  camera: CameraSession;
  /** What the camera sent when it opened (the camera's own view may change on reconnect). */
  media: MediaInfo;
  viewers: number;
  closing?: Promise<void>;
}

@Injectable()
export class SessionService implements OnApplicationShutdown {
  private readonly logger = new Logger('sessions');
  private readonly entries = new Map<string, SessionEntry>();
  /** Opens in flight, by URL: a second open of the same URL waits for the first. */
  private readonly opening = new Map<string, Promise<SessionEntry>>();
  private readonly closeHooks: SessionCloseHook[] = [];
  private readonly openHooks: SessionOpenHook[] = [];
  private recordingProbe: (sessionId: string) => boolean = () => false;
  private motionProbe: (sessionId: string) => SessionMotionState = () => MOTION_OFF;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ChildProcessRegistry,
  ) {}

  async open(request: OpenSessionDto): Promise<OpenResult> {
    let source;
    try {
      source = parseSourceUrl(request.url);
    } catch (error) {
      if (error instanceof SourceUrlError) throw new BadRequestException(error.message);
      throw error;
    }
    const url = source.url.toString();
    const existing = [...this.entries.values()].find((entry) => entry.url === url);
    if (existing) return { session: toSessionInfo(existing), created: false };
    const pending = this.opening.get(url);
    if (pending) return { session: toSessionInfo(await pending), created: false };

    if (this.entries.size + this.opening.size >= this.config.max_sessions) {
      throw new ConflictException(
        `session limit reached: max_sessions is ${this.config.max_sessions}; close a session first`,
      );
    }
    const attempt = this.start(url, source.masked, request.name);
    this.opening.set(url, attempt);
    try {
      const entry = await attempt;
      for (const hook of this.openHooks) hook(entry, request);
      return { session: toSessionInfo(entry), created: true };
    } finally {
      this.opening.delete(url);
    }
  }

  /** Closes once: a second call while closing waits for the first. */
  close(sessionId: string, reason = 'closed by the user'): Promise<void> {
    const entry = this.get(sessionId);
    entry.closing ??= this.finishClose(entry, reason);
    return entry.closing;
  }

  list(): SessionListResponse {
    const sessions: SessionListItem[] = [...this.entries.values()].map((entry) =>
      toSessionListItem(entry, this.recordingProbe(entry.id), this.motionProbe(entry.id)),
    );
    return { sessions, max_sessions: this.config.max_sessions };
  }

  /** The session, or a 404 naming the id. */
  get(sessionId: string): SessionEntry {
    const entry = this.entries.get(sessionId);
    if (!entry) throw new NotFoundException(`session ${sessionId} not found`);
    return entry;
  }

  find(sessionId: string): SessionEntry | undefined {
    return this.entries.get(sessionId);
  }

  count(): number {
    return this.entries.size;
  }

  addCloseHook(hook: SessionCloseHook): void {
    this.closeHooks.push(hook);
  }

  addOpenHook(hook: SessionOpenHook): void {
    this.openHooks.push(hook);
  }

  /** The motion module tells the session list what each session's motion analysis sees. */
  setMotionProbe(probe: (sessionId: string) => SessionMotionState): void {
    this.motionProbe = probe;
  }

  /** The recording module tells the session list which sessions record. */
  setRecordingProbe(probe: (sessionId: string) => boolean): void {
    this.recordingProbe = probe;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.entries.keys()].map((id) => this.close(id, 'the server is shutting down')),
    );
  }

  private async finishClose(entry: SessionEntry, reason: string): Promise<void> {
    // Hooks run while the session still exists, so a recording can drain it to the end.
    for (const hook of this.closeHooks) {
      await hook(entry.id).catch((error: unknown) =>
        this.logger.error(`before closing ${entry.id}: ${(error as Error).message}`),
      );
    }
    await entry.camera.close(reason);
    this.entries.delete(entry.id);
    this.logger.log(`session ${entry.id} closed: ${reason}`);
  }

  private async start(url: string, maskedUrl: string, name?: string): Promise<SessionEntry> {
    const id = randomUUID();
    const camera = new CameraSession({
      id,
      url,
      ffmpegPath: this.config.ffmpeg_path,
      ffprobePath: this.config.ffprobe_path,
      verifyFrames: this.config.verify_frames,
      verifyTimeoutS: this.config.verify_timeout_s,
      verifyAttempts: this.config.verify_attempts,
      audioBitrate: this.config.audio_bitrate,
      registry: this.registry,
      logger: ({ level, message }) =>
        this.logger[level === 'info' ? 'log' : level](`session ${id}: ${message}`),
    });
    this.logger.log(`opening ${maskedUrl} as session ${id}`);
    let media: MediaInfo;
    try {
      media = await camera.open();
    } catch (error) {
      await camera.close('open failed');
      if (error instanceof SessionOpenError) {
        this.logger.warn(`could not open ${maskedUrl}: ${error.message}`);
        throw new HttpException(error.message, error.httpStatus);
      }
      throw error;
    }
    const entry: SessionEntry = {
      id,
      name: name?.trim() || defaultName(maskedUrl),
      url,
      createdAt: new Date(),
      camera,
      media,
      viewers: 0,
    };
    this.entries.set(id, entry);
    return entry;
  }
}

/** "cam.local" for rtsp://user:***@cam.local:554/stream. */
function defaultName(maskedUrl: string): string {
  try {
    return new URL(maskedUrl).hostname;
  } catch {
    return 'camera';
  }
}
