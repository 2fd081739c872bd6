import type { MotionEventFrame } from '../motion/motion.service';

/** At most one capture per camera this often: each H.264/H.265 snapshot runs a short ffmpeg. */
export const CAPTURE_INTERVAL_MS = 1000;
/**
 * A frame replaces the snapshot when its score is at least this many times that of the frame
 * the snapshot was taken at: the score's own jitter costs no capture.
 */
export const MIN_RISE = 1.2;

export interface BestSnapshotOptions {
  /** A JPEG of the camera's main stream as it is now (CameraSnapshots.take). */
  take(cameraId: string): Promise<Buffer>;
  /** Publishes the camera's snapshot (retained). */
  publish(cameraId: string, jpeg: Buffer): void;
  onError(cameraId: string, eventId: string, error: Error): void;
  now?: () => number;
}

interface EventShot {
  eventId: string;
  started: boolean;
  /** Kept until the camera's next event, so that a late frame of this one takes nothing. */
  ended: boolean;
  /** The score of the event's latest analysed frame. */
  score: number;
  /** The score of the frame the published snapshot was taken at (0 before the first). */
  shown: number;
  /** When the latest capture began. */
  takenAt: number;
  taking: boolean;
  /** A capture that ended before the event's start was published: it is published with it. */
  held: { jpeg: Buffer; score: number } | null;
}

/**
 * The snapshot of each camera's motion event in progress: one at once at the event's first
 * frame (so something arrives within a second: the capture runs while the event is being
 * stored, and is published with its start), then again whenever a frame's score is MIN_RISE times
 * the shown one's, at most once per CAPTURE_INTERVAL_MS and not while a capture runs. None is
 * published once the event has ended, so the one retained then is the event's best.
 *
 * The best frame is the one in which the largest share of the picture changed: its score is
 * the event's `peak_score`. The analysis cannot hand that frame over: it sees 320×180 grey
 * frames, of the substream when there is one, and the main stream keeps no frame older than
 * its latest keyframe. So the picture of a higher score is the main stream's newest frame,
 * captured as that score is computed: the analysis runs behind the camera, so that is the
 * scored moment or a moment after it. A rise while captures wait (interval, capture running)
 * is taken by the next frame that still scores as high; a shorter peak is missed.
 */
export class BestSnapshots {
  /** By camera: its latest event. */
  private readonly events = new Map<string, EventShot>();
  private readonly now: () => number;

  constructor(private readonly options: BestSnapshotOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The event's `start`: its first snapshot, taken at its first frame or else now. */
  start(cameraId: string, eventId: string): void {
    const shot = this.shotOf(cameraId, eventId);
    if (shot.started || shot.ended) return;
    shot.started = true;
    if (shot.held) this.show(cameraId, shot, shot.held.jpeg, shot.held.score);
    else if (!shot.taking) void this.capture(cameraId, shot);
  }

  /** A frame analysed during the event (from its first frame on, even before its `start`). */
  frame({ cameraId, eventId, score }: MotionEventFrame): void {
    const shot = this.shotOf(cameraId, eventId);
    shot.score = score;
    if (shot.ended || shot.taking || score < shot.shown * MIN_RISE) return;
    if (!shot.started) {
      // The event's first frame: one capture, held until the start is published.
      if (shot.takenAt === -Infinity) void this.capture(cameraId, shot);
      return;
    }
    if (this.now() - shot.takenAt < CAPTURE_INTERVAL_MS) return;
    void this.capture(cameraId, shot);
  }

  /** The event's `end`: a capture still running is dropped; the shown snapshot stays. */
  end(cameraId: string, eventId: string): void {
    const shot = this.events.get(cameraId);
    if (shot?.eventId !== eventId) return;
    shot.ended = true;
    shot.held = null;
  }

  /** The camera was deleted. */
  forget(cameraId: string): void {
    this.events.delete(cameraId);
  }

  /** The camera's shot of this event; a newer event replaces an older one not yet ended. */
  private shotOf(cameraId: string, eventId: string): EventShot {
    let shot = this.events.get(cameraId);
    if (shot?.eventId !== eventId) {
      shot = {
        eventId,
        started: false,
        ended: false,
        score: 0,
        shown: 0,
        takenAt: -Infinity,
        taking: false,
        held: null,
      };
      this.events.set(cameraId, shot);
    }
    return shot;
  }

  private async capture(cameraId: string, shot: EventShot): Promise<void> {
    const score = shot.score;
    shot.taking = true;
    shot.takenAt = this.now();
    try {
      const jpeg = await this.options.take(cameraId);
      if (this.events.get(cameraId) !== shot || shot.ended) return; // ended, replaced or deleted
      if (shot.started) this.show(cameraId, shot, jpeg, score);
      else shot.held = { jpeg, score };
    } catch (error) {
      this.options.onError(cameraId, shot.eventId, error as Error);
    } finally {
      shot.taking = false;
    }
  }

  private show(cameraId: string, shot: EventShot, jpeg: Buffer, score: number): void {
    shot.held = null;
    shot.shown = score;
    this.options.publish(cameraId, jpeg);
  }
}
