import { Subject } from 'rxjs';
import type { ChildProcessRegistry } from '@camrec/process';
import type { StreamHub } from '@camrec/media';
import type { MotionBox } from '@camrec/shared-types';
import { ANALYSIS_FPS, ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from './grey-decoder-args';
import { GreyFrameSource } from './grey-frame-source';
import { MotionDetector } from './motion-detector';
import type { DetectorSettings } from './motion-settings';
import { MotionTracker, type TrackerChange } from './motion-tracker';
import type { CvMat, OpenCv } from './opencv';

export interface SessionMotionOptions {
  sessionId: string;
  cv: OpenCv;
  hub: StreamHub;
  sourceType: 'rtsp' | 'mjpeg';
  ffmpegPath: string;
  registry?: ChildProcessRegistry;
  settings: DetectorSettings & { post_roll_s: number };
  /** Consecutive motion frames before an event starts (default 2: motion seen for 0.2 s at 5 fps; one odd frame is not enough). */
  startFrames?: number;
  onError?: (message: string) => void;
}

/** The state after one analysed frame. */
export interface MotionSnapshot {
  active: boolean;
  score: number;
  boxes: MotionBox[];
  lighting: boolean;
  /** Wall-clock ms of the frame. */
  at: number;
}

/** The changed-pixel mask of one frame, as a JPEG, for the tuning view. */
export interface MotionMask {
  jpeg: Buffer;
  score: number;
  at: number;
}

const TICK_MS = 500;

/**
 * Motion analysis of one session: grey frames → detector → hysteresis. Frames that arrive
 * together (a backlog after a stall) are not all analysed: the newest replaces any waiting one
 * and is analysed on the next turn of the event loop, so a slow analysis lowers the rate
 * instead of the freshness.
 */
export class SessionMotion {
  readonly snapshots = new Subject<MotionSnapshot>();
  readonly changes = new Subject<TrackerChange>();
  readonly masks = new Subject<MotionMask>();
  private readonly detector: MotionDetector;
  private readonly tracker: MotionTracker;
  private readonly source: GreyFrameSource;
  private readonly ticker: NodeJS.Timeout;
  private waiting: { frame: CvMat; at: number } | null = null;
  private stopped = false;
  private latest: MotionSnapshot = { active: false, score: 0, boxes: [], lighting: false, at: 0 };
  private framesAnalysed = 0;
  private analysisMs = 0;

  constructor(private readonly options: SessionMotionOptions) {
    this.detector = new MotionDetector(
      options.cv,
      ANALYSIS_WIDTH,
      ANALYSIS_HEIGHT,
      options.settings,
    );
    this.tracker = new MotionTracker({
      startFrames: options.startFrames ?? 2,
      postRollMs: options.settings.post_roll_s * 1000,
    });
    this.source = new GreyFrameSource({
      name: `motion ${options.sessionId}`,
      cv: options.cv,
      hub: options.hub,
      sourceType: options.sourceType,
      ffmpegPath: options.ffmpegPath,
      registry: options.registry,
      width: ANALYSIS_WIDTH,
      height: ANALYSIS_HEIGHT,
      fps: ANALYSIS_FPS,
      onFrame: (frame, at) => this.offer(frame, at),
      onError: options.onError,
      onRestart: () => this.detector.reset(),
    });
    this.ticker = setInterval(() => this.tick(), TICK_MS);
  }

  get snapshot(): MotionSnapshot {
    return this.latest;
  }

  get inEvent(): boolean {
    return this.tracker.inEvent;
  }

  /** Frames analysed and their mean analysis time (for the figures in the report). */
  stats(): { frames: number; mean_ms: number } {
    return {
      frames: this.framesAnalysed,
      mean_ms: this.framesAnalysed ? this.analysisMs / this.framesAnalysed : 0,
    };
  }

  configure(settings: DetectorSettings & { post_roll_s: number }): void {
    this.detector.configure(settings);
    this.tracker.setPostRoll(settings.post_roll_s * 1000);
  }

  /** Ends analysis; an event in progress ends now. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.ticker);
    await this.source.stop();
    const ended = this.tracker.finish();
    if (ended) this.changes.next(ended);
    this.snapshots.complete();
    this.changes.complete();
    this.masks.complete();
  }

  private offer(frame: CvMat, at: number): void {
    if (this.stopped) return;
    if (!this.waiting) setImmediate(() => this.analyseWaiting());
    this.waiting = { frame, at };
  }

  private analyseWaiting(): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (!waiting || this.stopped) return;
    try {
      this.analyse(waiting.frame, waiting.at);
    } catch (error) {
      this.options.onError?.(`motion analysis failed: ${(error as Error).message}`);
    }
  }

  private analyse(frame: CvMat, at: number): void {
    const started = performance.now();
    let mask: CvMat | null = null;
    const wantMask = this.masks.observed;
    const result = this.detector.analyse(frame, wantMask ? (m) => (mask = m) : undefined);
    this.analysisMs += performance.now() - started;
    this.framesAnalysed += 1;
    for (const change of this.tracker.frame(at, result.motion, result.score)) {
      this.changes.next(change);
    }
    this.latest = {
      active: this.tracker.active(at),
      score: result.score,
      boxes: result.boxes,
      lighting: result.lighting,
      at,
    };
    this.snapshots.next(this.latest);
    if (mask) {
      const jpeg = this.options.cv.imencode('.jpg', mask);
      this.masks.next({ jpeg, score: result.score, at });
    }
  }

  /** Ends events when frames stop coming (camera reconnecting) and lets `active` fall. */
  private tick(): void {
    const now = Date.now();
    const ended = this.tracker.tick(now);
    if (ended) this.changes.next(ended);
    const active = this.tracker.active(now);
    if (active !== this.latest.active) {
      this.latest = { ...this.latest, active, boxes: active ? this.latest.boxes : [], at: now };
      this.snapshots.next(this.latest);
    }
  }
}
