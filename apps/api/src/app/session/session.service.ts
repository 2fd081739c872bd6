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
import type { MediaInfo, SessionInfo, SourceType } from '@camrec/shared-types';
import { ChildProcessRegistry, maskCredentials } from '@camrec/process';
import { parseSourceUrl, SessionOpenError, SourceUrlError } from '@camrec/media';
import { EngineRoute, EngineSourceError, ProxyLayer, ProxyUnavailableError } from '@camrec/proxy';
import { RtspRelay } from '@camrec/rtsp';
import { AppConfig } from '../config/app-config';
import { OpenSessionDto } from './session.dto';
import { CameraSessionFactory, type SessionEntry, type SessionOwner } from './session-entry';
import { SessionEvents } from './session-events';
import { toSessionInfo } from './session-mapper';

export interface OpenResult {
  session: SessionInfo;
  entry: SessionEntry;
  /** False when the URL already had a session and that one is returned. */
  created: boolean;
}

@Injectable()
export class SessionService implements OnApplicationShutdown {
  private readonly logger = new Logger('sessions');
  private readonly entries = new Map<string, SessionEntry>();
  /** Opens in flight, by URL: a second open of the same URL waits for the first. */
  private readonly opening = new Map<string, Promise<SessionEntry>>();
  /** Who each open in flight is for (null: a pasted URL), for the max_sessions count. */
  private readonly openingOwners = new Map<string, SessionOwner | null>();

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ChildProcessRegistry,
    private readonly proxy: ProxyLayer,
    private readonly relay: RtspRelay,
    private readonly events: SessionEvents,
    private readonly cameras: CameraSessionFactory,
  ) {
    proxy.onFallback((id, route) => this.fallBackToCamera(id, route));
  }

  /**
   * Opens a session of the URL, or answers with the one that reads it already (one connection
   * per camera). With `owner`, the session belongs to a saved camera: it counts against
   * max_cameras (checked by the cameras), not max_sessions, and an unsaved session of the same
   * URL (the dashboard's preview before saving) becomes the camera's.
   */
  async open(request: OpenSessionDto, owner: SessionOwner | null = null): Promise<OpenResult> {
    let source;
    try {
      source = parseSourceUrl(request.url);
    } catch (error) {
      if (error instanceof SourceUrlError) throw new BadRequestException(error.message);
      throw error;
    }
    const url = source.url.toString();
    const existing = [...this.entries.values()].find((entry) => entry.url === url);
    if (existing) return this.answer(this.claim(existing, owner, request), request, false);
    const pending = this.opening.get(url);
    if (pending) return this.answer(this.claim(await pending, owner, request), request, false);

    if (!owner && this.unsavedCount() >= this.config.max_sessions) {
      throw new ConflictException(
        `session limit reached: max_sessions is ${this.config.max_sessions}; close a session first`,
      );
    }
    const sourceType = source.scheme === 'rtsp' || source.scheme === 'rtsps' ? 'rtsp' : 'mjpeg';
    const attempt = this.start(url, source.masked, sourceType, {
      name: request.name,
      insecureTls: request.insecure_tls ?? false,
      owner,
    });
    this.opening.set(url, attempt);
    this.openingOwners.set(url, owner);
    try {
      const entry = await attempt;
      this.events.emitOpened(entry);
      return this.answer(entry, request, true);
    } finally {
      this.opening.delete(url);
      this.openingOwners.delete(url);
    }
  }

  /** Closes a session on a user's request: a saved camera's sessions are the camera's to close. */
  closeUnsaved(sessionId: string): Promise<void> {
    const owner = this.get(sessionId).owner;
    if (owner) {
      throw new ConflictException(
        `session ${sessionId} belongs to saved camera ${owner.cameraId}; disable or delete the camera to close it`,
      );
    }
    return this.close(sessionId);
  }

  /** Closes once: a second call while closing waits for the first. */
  close(sessionId: string, reason = 'closed by the user'): Promise<void> {
    const entry = this.get(sessionId);
    entry.closing ??= this.finishClose(entry, reason);
    return entry.closing;
  }

  /** Every open session, in the order they opened. */
  all(): SessionEntry[] {
    return [...this.entries.values()];
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

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.entries.keys()].map((id) => this.close(id, 'the server is shutting down')),
    );
  }

  /** Sessions of pasted URLs, open or opening: what max_sessions limits. */
  private unsavedCount(): number {
    const open = [...this.entries.values()].filter((entry) => !entry.owner).length;
    const opening = [...this.openingOwners.values()].filter((owner) => !owner).length;
    return open + opening;
  }

  /**
   * The session of a URL that is already open, for a new request: a saved camera takes over
   * an unsaved session of its URL; one camera cannot take another camera's session.
   */
  private claim(
    entry: SessionEntry,
    owner: SessionOwner | null,
    request: OpenSessionDto,
  ): SessionEntry {
    if (!owner || sameOwner(entry.owner, owner)) return entry;
    if (entry.owner) {
      throw new ConflictException(
        `saved camera ${entry.owner.cameraId} already reads this URL (its ${entry.owner.stream} stream)`,
      );
    }
    entry.owner = owner;
    if (request.name) entry.name = request.name;
    this.logger.log(`session ${entry.id} now belongs to saved camera ${owner.cameraId}`);
    return entry;
  }

  /** The answer to an open request: its settings applied to the session, new or not. */
  private answer(entry: SessionEntry, request: OpenSessionDto, created: boolean): OpenResult {
    this.events.emitOpenRequested(entry, request);
    return { session: toSessionInfo(entry), entry, created };
  }

  private async finishClose(entry: SessionEntry, reason: string): Promise<void> {
    // While the session still exists, so that a recording can drain it to the end.
    await this.events.emitClosing(entry, reason);
    await entry.camera.close(reason);
    await this.releaseRoute(entry.id);
    this.entries.delete(entry.id);
    this.logger.log(`session ${entry.id} closed: ${reason}`);
    this.events.emitClosed(entry.id, reason);
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
    entry.camera.switchSource(route.ingestUrl);
    this.logger.warn(`session ${id}: ${maskCredentials(route.reason ?? '')}`);
  }

  /**
   * Ends what carried the session's stream: its engine path. (Its relay route ends with its
   * ingest, which the camera session closes.)
   */
  private async releaseRoute(id: string): Promise<void> {
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
    {
      name,
      insecureTls,
      owner,
    }: { name?: string; insecureTls: boolean; owner: SessionOwner | null },
  ): Promise<SessionEntry> {
    const id = randomUUID();
    const route = await this.routeThroughProxy(id, url, sourceType, maskedUrl);
    const camera = this.cameras.create({
      id,
      url: route.ingestUrl,
      rtspRelay: this.relay,
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
      owner,
      camera,
      route,
      media,
      viewers: 0,
      insecureTls,
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

function sameOwner(a: SessionOwner | null, b: SessionOwner): boolean {
  return a !== null && a.cameraId === b.cameraId && a.stream === b.stream;
}
