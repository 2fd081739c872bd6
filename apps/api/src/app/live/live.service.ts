import { Injectable, Logger } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { STREAM_CLOSE, StreamClientMessage, StreamFormat } from '@camrec/shared-types';
import type { HubSubscription } from '@camrec/media';
import { AppConfig } from '../config/app-config';
import { MotionService } from '../motion/motion.service';
import type { SessionEntry } from '../session/session-entry';
import { SessionService } from '../session/session.service';
import { JpegPreviews } from './jpeg-previews';
import { StreamViewer } from './stream-viewer';

const FORMATS: readonly StreamFormat[] = ['mse', 'jpeg', 'json'];
/** A viewer's queue: a few GOPs of fMP4 or a few JPEGs; beyond it the viewer skips. */
const MSE_QUEUE_BYTES = 4 * 1024 * 1024;
const JPEG_QUEUE_BYTES = 1024 * 1024;
const STATS_INTERVAL_MS = 5000;

/** Frames a session's viewers skipped: of the viewers gone, and the viewers still there. */
interface SkippedFrames {
  ended: number;
  live: Set<HubSubscription>;
}

interface ViewerRequest {
  entry: SessionEntry;
  format: StreamFormat;
}

/** Attaches `/stream` WebSockets to sessions: validation, subscriptions, status, cleanup. */
@Injectable()
export class LiveService {
  private readonly logger = new Logger('live');
  private nextViewer = 1;
  /** Keyed by the session itself, so that a closed session's tally goes with it. */
  private readonly skipped = new WeakMap<SessionEntry, SkippedFrames>();

  constructor(
    private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly jpegPreviews: JpegPreviews,
    private readonly motion: MotionService,
  ) {}

  attach(socket: WebSocket, rawUrl: string): void {
    const request = this.parse(socket, rawUrl);
    if (!request) return;
    const { entry, format } = request;
    if (entry.viewers >= this.config.max_viewers_per_session) {
      socket.close(
        STREAM_CLOSE.TOO_MANY_VIEWERS,
        `session has ${entry.viewers} viewers; max_viewers_per_session is ${this.config.max_viewers_per_session}`,
      );
      return;
    }
    const name = `viewer ${this.nextViewer++} (${format})`;
    const feed = this.subscribe(entry, format, name);
    const viewer = new StreamViewer(socket, feed.subscription, {
      format,
      maxConsecutiveErrors: this.config.preview_max_consecutive_errors,
    });
    entry.viewers += 1;
    const skipped = this.skippedOf(entry);
    skipped.live.add(feed.subscription);
    this.logger.log(`${name} joined session ${entry.id}`);

    const stateChanges = entry.camera.stateChanges.subscribe((change) =>
      viewer.sendStatus({ type: 'status', state: change.state, reason: change.reason }),
    );
    const motion = this.motion
      .messages(entry.id)
      .subscribe((message) => viewer.sendStatus(message));
    viewer.sendStatus({ type: 'status', state: entry.camera.state, viewer: viewer.stats() });
    const statsTimer = setInterval(
      () =>
        viewer.sendStatus({ type: 'status', state: entry.camera.state, viewer: viewer.stats() }),
      STATS_INTERVAL_MS,
    );
    socket.on('message', (data, isBinary) => {
      const request = isBinary ? null : parseClientMessage(data.toString());
      if (request?.type === 'stats') {
        viewer.sendStatus({ type: 'status', state: entry.camera.state, viewer: viewer.stats() });
      } else if (request?.type === 'clock' && typeof request.client_time === 'number') {
        viewer.sendClock(request.client_time);
      }
    });
    // A socket that closes first (the browser left) ends the viewer's subscription.
    socket.on('close', () => feed.subscription.close());

    void viewer.run().finally(() => {
      clearInterval(statsTimer);
      stateChanges.unsubscribe();
      motion.unsubscribe();
      feed.release();
      entry.viewers -= 1;
      skipped.ended += feed.subscription.stats().skipped;
      skipped.live.delete(feed.subscription);
      this.logger.log(`${name} left session ${entry.id}`);
      const ended = feed.subscription.endReason;
      if (ended && socket.readyState === socket.OPEN) {
        viewer.sendStatus({ type: 'status', state: 'closed', reason: ended });
        socket.close(STREAM_CLOSE.SESSION_CLOSED, closeReason(ended));
      }
    });
  }

  /** Frames the session's viewers skipped (falling behind) since it opened; only grows. */
  framesSkipped(entry: SessionEntry): number {
    const skipped = this.skipped.get(entry);
    if (!skipped) return 0;
    let total = skipped.ended;
    for (const subscription of skipped.live) total += subscription.stats().skipped;
    return total;
  }

  private skippedOf(entry: SessionEntry): SkippedFrames {
    let skipped = this.skipped.get(entry);
    if (!skipped) {
      skipped = { ended: 0, live: new Set() };
      this.skipped.set(entry, skipped);
    }
    return skipped;
  }

  private parse(socket: WebSocket, rawUrl: string): ViewerRequest | null {
    const query = new URL(rawUrl, 'http://localhost').searchParams;
    const sessionId = query.get('session_id');
    const format = query.get('format');
    if (!sessionId) {
      socket.close(STREAM_CLOSE.BAD_REQUEST, 'session_id is required');
      return null;
    }
    const entry = this.sessions.find(sessionId);
    if (!entry) {
      socket.close(STREAM_CLOSE.SESSION_NOT_FOUND, closeReason(`session ${sessionId} not found`));
      return null;
    }
    if (format !== null && !FORMATS.includes(format as StreamFormat)) {
      socket.close(
        STREAM_CLOSE.BAD_REQUEST,
        closeReason(`format "${format}" is not mse, jpeg or json`),
      );
      return null;
    }
    const isMjpeg = entry.camera.sourceType === 'mjpeg';
    const chosen = (format as StreamFormat | null) ?? (isMjpeg ? 'jpeg' : 'mse');
    if (chosen === 'mse' && isMjpeg) {
      socket.close(
        STREAM_CLOSE.UNSUPPORTED_FORMAT,
        'mse needs an H.264/H.265 camera; this MJPEG camera streams jpeg or json',
      );
      return null;
    }
    return { entry, format: chosen };
  }

  /** fMP4 comes from the session's hub; JPEG from the hub (MJPEG) or the on-demand decoder. */
  private subscribe(
    entry: SessionEntry,
    format: StreamFormat,
    name: string,
  ): { subscription: HubSubscription; release: () => void } {
    if (format === 'mse') {
      const subscription = entry.camera.hub.subscribe({
        name,
        policy: 'keyframe',
        maxQueueBytes: MSE_QUEUE_BYTES,
      });
      return { subscription, release: () => undefined };
    }
    if (entry.camera.sourceType === 'mjpeg') {
      const subscription = entry.camera.hub.subscribe({
        name,
        policy: 'latest',
        maxQueueBytes: JPEG_QUEUE_BYTES,
      });
      return { subscription, release: () => undefined };
    }
    const decoder = this.jpegPreviews.acquire(entry);
    const subscription = decoder.hub.subscribe({
      name,
      policy: 'latest',
      maxQueueBytes: JPEG_QUEUE_BYTES,
    });
    return { subscription, release: () => this.jpegPreviews.release(entry.id, decoder) };
  }
}

function parseClientMessage(text: string): Partial<StreamClientMessage> | null {
  try {
    const message = JSON.parse(text) as unknown;
    return typeof message === 'object' ? (message as Partial<StreamClientMessage>) : null;
  } catch {
    return null;
  }
}

/** WebSocket close reasons are limited to 123 bytes. */
function closeReason(reason: string): string {
  return Buffer.byteLength(reason) <= 123
    ? reason
    : Buffer.from(reason).subarray(0, 120).toString() + '…';
}
