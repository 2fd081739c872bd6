import {
  BadGatewayException,
  BadRequestException,
  ConflictException,
  HttpException,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationShutdown,
  ServiceUnavailableException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type {
  MediaInfo,
  SessionInfo,
  SessionListItem,
  SessionListResponse,
  SourceType,
  SessionMotionState,
} from '@camrec/shared-types';
import { RtspRelay } from '@camrec/proxy';
import {
  CameraSession,
  ChildProcessRegistry,
  maskCredentials,
  parseSourceUrl,
  SessionOpenError,
  SourceUrlError,
} from '@camrec/media';
import { EngineRoute, EngineSourceError, ProxyLayer, ProxyUnavailableError } from '@camrec/proxy';
import { AppConfig } from '../config/app-config';
import { OpenSessionDto } from './session.dto';
import { toSessionInfo, toSessionListItem } from './session-mapper';

/** Runs before a session closes (e.g. a recording is finalised first). */
export type SessionCloseHook = (sessionId: string) => Promise<void>;

/** Runs once a session has opened (e.g. its pre-roll ring starts). */
export type SessionOpenHook = (entry: SessionEntry) => void;

/**
 * Runs for every open request answered with a session, new or already open, so that the
 * request's settings (e.g. `motion`) apply either way.
 */
export type SessionRequestHook = (entry: SessionEntry, request: OpenSessionDto) => void;

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
  /** How the ingest reaches the camera: through an engine, or directly. */
  route: EngineRoute;
  /** What the camera sent when it opened (the camera's own view may change on reconnect). */
  media: MediaInfo;
  viewers: number;
  /** The camera's TLS certificate is accepted without verification (insecure_tls). */
  insecureTls: boolean;
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
  private readonly requestHooks: SessionRequestHook[] = [];
  private recordingProbe: (sessionId: string) => boolean = () => false;
  private motionProbe: (sessionId: string) => SessionMotionState = () => MOTION_OFF;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ChildProcessRegistry,
    private readonly proxy: ProxyLayer,
    private readonly relay: RtspRelay,
  ) {
    proxy.onFallback((id, route) => this.fallBackToCamera(id, route));
  }

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
    if (existing) return this.answer(existing, request, false);
    const pending = this.opening.get(url);
    if (pending) return this.answer(await pending, request, false);

    if (this.entries.size + this.opening.size >= this.config.max_sessions) {
      throw new ConflictException(
        `session limit reached: max_sessions is ${this.config.max_sessions}; close a session first`,
      );
    }
    const sourceType = source.scheme === 'rtsp' || source.scheme === 'rtsps' ? 'rtsp' : 'mjpeg';
    const attempt = this.start(url, source.masked, sourceType, {
      name: request.name,
      insecureTls: request.insecure_tls ?? false,
    });
    this.opening.set(url, attempt);
    try {
      const entry = await attempt;
      for (const hook of this.openHooks) hook(entry);
      return this.answer(entry, request, true);
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

  addRequestHook(hook: SessionRequestHook): void {
    this.requestHooks.push(hook);
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

  /** The answer to an open request: its settings applied to the session, new or not. */
  private answer(entry: SessionEntry, request: OpenSessionDto, created: boolean): OpenResult {
    for (const hook of this.requestHooks) hook(entry, request);
    return { session: toSessionInfo(entry), created };
  }

  private async finishClose(entry: SessionEntry, reason: string): Promise<void> {
    // Hooks run while the session still exists, so a recording can drain it to the end.
    for (const hook of this.closeHooks) {
      await hook(entry.id).catch((error: unknown) =>
        this.logger.error(`before closing ${entry.id}: ${(error as Error).message}`),
      );
    }
    await entry.camera.close(reason);
    await this.releaseRoute(entry.id);
    this.entries.delete(entry.id);
    this.logger.log(`session ${entry.id} closed: ${reason}`);
  }

  /**
   * Where the ingest reads: the engine's local stream when the engine serves it, else the
   * camera. In proxy mode a missing engine is a 503 and an engine that cannot read the
   * camera a 502, both naming why.
   */
  private async routeThroughProxy(
    id: string,
    url: string,
    sourceType: SourceType,
    maskedUrl: string,
  ): Promise<EngineRoute> {
    try {
      const route = await this.proxy.route(id, url, sourceType);
      if (route.reason)
        this.logger.warn(`${maskedUrl} read directly: ${maskCredentials(route.reason)}`);
      return route;
    } catch (error) {
      const message = maskCredentials((error as Error).message);
      if (error instanceof ProxyUnavailableError) throw new ServiceUnavailableException(message);
      if (error instanceof EngineSourceError) throw new BadGatewayException(message);
      throw error;
    }
  }

  /** The session's engine failed for good: its ingest reconnects to the camera itself. */
  private fallBackToCamera(id: string, route: EngineRoute): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.route = route;
    entry.camera.switchSource(
      route.ingestUrl,
      this.ingestUrlFor(id, route.ingestUrl, entry.insecureTls),
    );
    this.logger.warn(`session ${id}: ${maskCredentials(route.reason ?? '')}`);
  }

  /** Ends what carried the session's stream: its engine path and its relay entry. */
  private async releaseRoute(id: string): Promise<void> {
    this.relay.remove(id);
    await this.proxy
      .release(id)
      .catch((error: unknown) =>
        this.logger.warn(
          `removing the proxy path of ${id}: ${maskCredentials((error as Error).message)}`,
        ),
      );
  }

  private async start(
    url: string,
    maskedUrl: string,
    sourceType: SourceType,
    { name, insecureTls }: { name?: string; insecureTls: boolean },
  ): Promise<SessionEntry> {
    const id = randomUUID();
    const route = await this.routeThroughProxy(id, url, sourceType, maskedUrl);
    const camera = new CameraSession({
      id,
      url: route.ingestUrl,
      ingestUrl: this.ingestUrlFor(id, route.ingestUrl, insecureTls),
      ffmpegPath: this.config.ffmpeg_path,
      verifyFrames: this.config.verify_frames,
      verifyTimeoutS: this.config.verify_timeout_s,
      verifyAttempts: this.config.verify_attempts,
      audioBitrate: this.config.audio_bitrate,
      allowSelfSignedTls: insecureTls,
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
      await this.releaseRoute(id);
      if (error instanceof SessionOpenError) {
        this.logger.warn(`could not open ${maskedUrl}: ${error.message}`);
        throw new HttpException(error.message, error.httpStatus);
      }
      // Anything else is still about reaching the camera: a 502 with the reason (masked by
      // the exception filter), and the stack in the log for the bug it may be.
      this.logger.error(`could not open ${maskedUrl}: ${(error as Error).stack ?? String(error)}`);
      throw new BadGatewayException(`could not open ${maskedUrl}: ${(error as Error).message}`);
    }
    const entry: SessionEntry = {
      id,
      name: name?.trim() || defaultName(maskedUrl),
      url,
      createdAt: new Date(),
      camera,
      route,
      media,
      viewers: 0,
      insecureTls,
    };
    this.entries.set(id, entry);
    return entry;
  }

  /**
   * What the ingest ffmpeg reads, when not the camera URL itself: an RTSP URL that carries
   * credentials goes through the in-process relay, so that `ps` shows no password. The relay
   * checks an rtsps camera's certificate unless the session opted out (insecure_tls).
   */
  private ingestUrlFor(id: string, url: string, insecureTls: boolean): string | undefined {
    const rtsp = /^rtsps?:/i.test(url);
    return rtsp && maskCredentials(url) !== url
      ? this.relay.add(id, url, { verifyTls: !insecureTls })
      : undefined;
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
