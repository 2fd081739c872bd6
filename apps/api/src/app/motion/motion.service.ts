import {
  ConflictException,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  asyncScheduler,
  distinctUntilChanged,
  firstValueFrom,
  map,
  Observable,
  Subject,
  Subscription,
  throttleTime,
  timeout,
} from 'rxjs';
import { ChildProcessRegistry } from '@camrec/process';
import {
  DEFAULT_MOTION_SETTINGS,
  findOpenCv,
  loadOpenCv,
  SessionMotion,
  type MotionMask,
  type MotionSnapshot,
  type OpenCvFind,
  type OpenCvLoad,
} from '@camrec/motion';
import type { MediaTools } from '@camrec/recording';
import type {
  MotionEvent,
  MotionHealth,
  MotionSettings,
  MotionSettingsRequest,
  MotionSettingsResponse,
  SessionMotionState,
  StreamMotionMessage,
} from '@camrec/shared-types';
import { AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { RetentionService } from '../retention/retention.service';
import type { SessionEntry } from '../session/session-entry';
import { ClipIndex } from '../catalog/clip-index';
import { SessionEvents } from '../session/session-events';
import { SessionService } from '../session/session.service';
import { MotionClip } from './motion-clips';
import { PreRollService } from '../recording/pre-roll.service';
import { INSTALL_ROOT } from '../../install-root';

/** At most 5 `motion` messages per second per session. */
const MESSAGE_INTERVAL_MS = 200;
/** Masks stop being made this long after the tuning view last asked for one. */
const MASK_IDLE_MS = 5000;
const MASK_WAIT_MS = 1500;

interface SessionMotionEntry {
  settings: MotionSettings;
  analysis: SessionMotion | null;
  feeds: Subscription[];
  /** Every viewer of the session subscribes here; it outlives analysis restarts. */
  messages: Subject<StreamMotionMessage>;
  lastEventAt: string | null;
  event: { record: MotionEvent; clip: Promise<MotionClip | null> } | null;
  /** The tuning view's mask feed, while it is being asked for. */
  masks: { latest: MotionMask | null; subscription: Subscription; timer: NodeJS.Timeout } | null;
  /** Event starts and ends, one after the other (an end waits for its start's clip). */
  work: Promise<void>;
  /** Whose motion it is (a saved camera's, analysed on its substream, or the session's). */
  target: MotionTarget | null;
  /** The id of the event the analysis is in, from its first frame (its record comes in turn). */
  analysedEventId: string | null;
}

/** A motion event starting, getting its clip (`update`) or ending. */
export interface MotionEventChange {
  phase: 'start' | 'update' | 'end';
  event: MotionEvent;
}

/**
 * One frame analysed during a saved camera's motion event, with its score (the share of the
 * picture that changed; the event's `peak_score` is the highest): from the frame that starts
 * the event, before its `start`, to the last one before it ends.
 */
export interface MotionEventFrame {
  cameraId: string;
  eventId: string;
  score: number;
}

/**
 * A saved camera analysed on one session (its substream, when it has one) whose clips are
 * recorded from another (its main stream).
 */
export interface MotionTarget {
  cameraId: string;
  /** The session clips are recorded from, when it is open. */
  clipSource: () => SessionEntry | null;
}

/**
 * Motion detection per session: settings, the analysis (libs/motion) while enabled, events
 * (stored beside the videos) and, with `record`, a clip per event with its pre-roll.
 */
@Injectable()
export class MotionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('motion');
  private readonly entries = new Map<string, SessionMotionEntry>();
  /** Found at start; loaded (`opencv`) when a session first analyses motion. */
  private readonly opencvFound: OpenCvFind;
  private opencv: OpenCvLoad | null = null;
  private readonly tools: MediaTools;
  private subscriptions: Subscription[] = [];
  private readonly eventSubject = new Subject<MotionEventChange>();
  /** Every motion event as it starts, gets its clip, and ends (for integrations). */
  readonly eventChanges: Observable<MotionEventChange> = this.eventSubject.asObservable();
  private readonly frameSubject = new Subject<MotionEventFrame>();
  /** The score of every frame analysed during a saved camera's event (for its best picture). */
  readonly eventFrames: Observable<MotionEventFrame> = this.frameSubject.asObservable();

  constructor(
    private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly preRoll: PreRollService,
    private readonly retention: RetentionService,
    private readonly events: EventsService,
    private readonly registry: ChildProcessRegistry,
    private readonly sessionEvents: SessionEvents,
    private readonly clips: ClipIndex,
  ) {
    this.opencvFound = findOpenCv(INSTALL_ROOT);
    this.tools = { ffmpegPath: config.ffmpeg_path, ffprobePath: config.ffprobe_path, registry };
  }

  onModuleInit(): void {
    if (this.opencvFound.ok)
      this.logger.log('motion detection available (OpenCV loads on first use)');
    else this.logger.warn(`motion detection unavailable: ${this.opencvFound.reason}`);
    this.subscriptions = [
      this.sessionEvents.openRequested.subscribe(({ entry, request }) => {
        if (request.motion) this.configure(entry, request.motion);
      }),
      this.sessionEvents.closing.subscribe(({ entry, waitUntil }) =>
        waitUntil(this.forget(entry.id)),
      ),
    ];
  }

  async onApplicationShutdown(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await Promise.all([...this.entries.keys()].map((id) => this.forget(id)));
  }

  health(): MotionHealth {
    return {
      ...this.availability(),
      opencv_version: this.opencv?.ok ? this.opencv.version : null,
      sessions_analysing: [...this.entries.values()].filter((e) => e.analysis).length,
    };
  }

  settings(sessionId: string): MotionSettingsResponse {
    this.sessions.get(sessionId);
    const settings = this.entries.get(sessionId)?.settings ?? DEFAULT_MOTION_SETTINGS;
    return {
      session_id: sessionId,
      ...settings,
      availability: this.availability(),
      pre_roll_note: settings.record ? this.preRoll.note(sessionId, settings.pre_roll_s) : null,
    };
  }

  update(sessionId: string, request: MotionSettingsRequest): MotionSettingsResponse {
    this.configure(this.sessions.get(sessionId), request);
    return this.settings(sessionId);
  }

  /** Frames analysed and the mean time per frame, while analysis runs (for the figures). */
  analysisStats(sessionId: string): { frames: number; mean_ms: number } | null {
    return this.entries.get(sessionId)?.analysis?.stats() ?? null;
  }

  state(sessionId: string): SessionMotionState {
    const entry = this.entries.get(sessionId);
    const snapshot = entry?.analysis?.snapshot;
    return {
      enabled: entry?.settings.enabled ?? false,
      active: snapshot?.active ?? false,
      score: round(snapshot?.score ?? 0),
      last_event_at: entry?.lastEventAt ?? null,
    };
  }

  /** `motion` messages of a session for its viewers. */
  messages(sessionId: string): Observable<StreamMotionMessage> {
    return this.entryFor(sessionId).messages.asObservable();
  }

  /**
   * The latest changed-pixel mask (JPEG) for the tuning view. Masks are made only while
   * someone asks for them: the first request starts them, MASK_IDLE_MS without one stops them.
   */
  async mask(sessionId: string): Promise<MotionMask> {
    this.sessions.get(sessionId);
    const entry = this.entries.get(sessionId);
    const analysis = entry?.analysis;
    if (!entry || !analysis) {
      throw new ConflictException(`motion detection is off for session ${sessionId}`);
    }
    if (!entry.masks) {
      const feed = {
        latest: null as MotionMask | null,
        subscription: Subscription.EMPTY,
        timer: setTimeout(() => undefined),
      };
      feed.subscription = analysis.masks.subscribe((mask) => (feed.latest = mask));
      entry.masks = feed;
    }
    const feed = entry.masks;
    clearTimeout(feed.timer);
    feed.timer = setTimeout(() => {
      feed.subscription.unsubscribe();
      if (entry.masks === feed) entry.masks = null;
    }, MASK_IDLE_MS);
    if (feed.latest) return feed.latest;
    return firstValueFrom(analysis.masks.pipe(timeout(MASK_WAIT_MS))).catch(() => {
      throw new ConflictException(`no analysed frame of session ${sessionId} yet`);
    });
  }

  private availability(): { available: boolean; reason: string | null } {
    const known = this.opencv ?? this.opencvFound;
    return known.ok
      ? { available: true, reason: null }
      : { available: false, reason: known.reason };
  }

  /** OpenCV, loaded on the first call (the binding is big: see `findOpenCv`). */
  private loadedOpenCv(): OpenCvLoad {
    if (!this.opencv) {
      this.opencv = loadOpenCv(INSTALL_ROOT);
      if (this.opencv.ok) this.logger.log(`OpenCV ${this.opencv.version} loaded`);
      else this.logger.warn(`motion detection unavailable: ${this.opencv.reason}`);
    }
    return this.opencv;
  }

  private entryFor(sessionId: string): SessionMotionEntry {
    let entry = this.entries.get(sessionId);
    if (!entry) {
      entry = {
        settings: DEFAULT_MOTION_SETTINGS,
        analysis: null,
        feeds: [],
        messages: new Subject(),
        lastEventAt: null,
        event: null,
        masks: null,
        work: Promise.resolve(),
        target: null,
        analysedEventId: null,
      };
      this.entries.set(sessionId, entry);
    }
    return entry;
  }

  /** Applies a saved camera's settings to the session its motion is analysed on. */
  configureCamera(session: SessionEntry, settings: MotionSettings, target: MotionTarget): void {
    this.entryFor(session.id).target = target;
    this.configure(session, settings);
  }

  private configure(session: SessionEntry, request: MotionSettingsRequest): void {
    const entry = this.entryFor(session.id);
    entry.settings = { ...entry.settings, ...withoutUndefined(request) };
    const settings = entry.settings;
    const opencv = settings.enabled ? this.loadedOpenCv() : null;
    if (!opencv?.ok) {
      void this.stopAnalysis(session.id, entry);
      return;
    }
    if (entry.analysis) {
      entry.analysis.configure(settings);
      return;
    }
    const analysis = new SessionMotion({
      sessionId: session.id,
      cv: opencv.cv,
      hub: session.camera.hub,
      sourceType: session.camera.sourceType,
      ffmpegPath: this.config.ffmpeg_path,
      registry: this.registry,
      settings,
      onError: (message) => this.logger.warn(`session ${session.id}: ${message}`),
    });
    entry.analysis = analysis;
    entry.feeds = [
      analysis.snapshots
        .pipe(
          map(toMessage),
          distinctUntilChanged(sameMessage),
          throttleTime(MESSAGE_INTERVAL_MS, asyncScheduler, { leading: true, trailing: true }),
        )
        .subscribe((message) => entry.messages.next(message)),
      // A change comes before its frame's snapshot: an event's first frame has the event's id.
      analysis.changes.subscribe((change) => {
        if (change.kind === 'event-started') {
          const id = randomUUID();
          entry.analysedEventId = id;
          this.inTurn(session, entry, () =>
            this.startEvent(session, entry, id, change.startedAt, change.stillAt),
          );
        } else {
          entry.analysedEventId = null;
          this.inTurn(session, entry, () => this.endEvent(entry, change.endedAt, change.peakScore));
        }
      }),
      analysis.snapshots.subscribe(({ score }) => {
        const cameraId = entry.target?.cameraId;
        const eventId = entry.analysedEventId;
        if (cameraId && eventId) this.frameSubject.next({ cameraId, eventId, score });
      }),
    ];
    this.logger.log(`session ${session.id}: motion detection on`);
  }

  /** Event starts and ends, one after the other. */
  private inTurn(session: SessionEntry, entry: SessionMotionEntry, work: () => Promise<void>) {
    entry.work = entry.work.then(() =>
      work().catch((error: Error) =>
        this.logger.error(`session ${session.id}: motion event: ${error.message}`),
      ),
    );
  }

  /** `stillAt`: the last frame without motion; the clip's pre-roll counts from there. */
  private async startEvent(
    session: SessionEntry,
    entry: SessionMotionEntry,
    id: string,
    startedAt: number,
    stillAt: number,
  ) {
    const record: MotionEvent = {
      id,
      session_id: session.id,
      camera_id: entry.target?.cameraId ?? null,
      started_at: new Date(startedAt).toISOString(),
      ended_at: null,
      peak_score: 0,
      filename: null,
      thumbnail_url: null,
    };
    const settings = entry.settings;
    const clipSource = entry.target ? entry.target.clipSource() : session;
    const clip =
      settings.record && clipSource
        ? MotionClip.start(clipSource, record, stillAt, settings.pre_roll_s, {
            config: this.config,
            tools: this.tools,
            preRoll: this.preRoll,
            clips: this.clips,
          }).catch((error: Error) => {
            this.logger.error(
              `session ${session.id}: the motion clip did not start: ${error.message}`,
            );
            return null;
          })
        : Promise.resolve(null);
    entry.event = { record, clip };
    entry.lastEventAt = record.started_at;
    this.logger.log(`session ${session.id}: motion event ${record.id} started`);
    this.eventSubject.next({ phase: 'start', event: { ...record } });
    const started = await clip;
    if (started) {
      record.filename = started.filename;
      record.thumbnail_url = `/videos/${encodeURIComponent(started.filename)}/thumbnail`;
    }
    await this.events.save(record);
    if (started) this.eventSubject.next({ phase: 'update', event: { ...record } });
  }

  private async endEvent(entry: SessionMotionEntry, endedAt: number, peakScore: number) {
    const event = entry.event;
    if (!event) return;
    entry.event = null;
    const clip = await event.clip;
    // The clip is final (with its thumbnail) before the event reads as ended.
    await clip
      ?.finish()
      .catch((error: Error) =>
        this.logger.error(`motion clip ${clip.filename} could not be finalised: ${error.message}`),
      );
    event.record.ended_at = new Date(endedAt).toISOString();
    event.record.peak_score = round(peakScore);
    await this.events.save(event.record);
    this.eventSubject.next({ phase: 'end', event: { ...event.record } });
    this.logger.log(`session ${event.record.session_id}: motion event ${event.record.id} ended`);
    if (clip) await this.retention.enforce();
  }

  private async stopAnalysis(sessionId: string, entry: SessionMotionEntry): Promise<void> {
    const analysis = entry.analysis;
    if (!analysis) return;
    entry.analysis = null;
    if (entry.masks) {
      clearTimeout(entry.masks.timer);
      entry.masks.subscription.unsubscribe();
      entry.masks = null;
    }
    // Stopping ends an event in progress through `changes`, before the feeds go.
    await analysis.stop();
    const { frames, mean_ms } = analysis.stats();
    this.logger.debug(
      `session ${sessionId}: ${frames} frames analysed, ${mean_ms.toFixed(1)} ms each`,
    );
    for (const feed of entry.feeds) feed.unsubscribe();
    entry.feeds = [];
    entry.messages.next({ type: 'motion', active: false, score: 0, boxes: [] });
    this.logger.log(`session ${sessionId}: motion detection off`);
  }

  private async forget(sessionId: string): Promise<void> {
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    // The event in progress ends with the analysis; its clip is final before the session goes.
    await this.stopAnalysis(sessionId, entry);
    await entry.work;
    entry.messages.complete();
    this.entries.delete(sessionId);
  }
}

function toMessage(snapshot: MotionSnapshot): StreamMotionMessage {
  return {
    type: 'motion',
    active: snapshot.active,
    score: round(snapshot.score),
    boxes: snapshot.active ? snapshot.boxes : [],
  };
}

function sameMessage(a: StreamMotionMessage, b: StreamMotionMessage): boolean {
  return (
    a.active === b.active &&
    a.score === b.score &&
    JSON.stringify(a.boxes) === JSON.stringify(b.boxes)
  );
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
