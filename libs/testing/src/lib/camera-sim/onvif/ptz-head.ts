/** Pan and tilt from −1 to 1, zoom from 0 to 1 (ONVIF's generic spaces). */
export interface PtzVector {
  pan: number;
  tilt: number;
  zoom: number;
}

export interface TestPreset {
  token: string;
  name: string;
  position: PtzVector;
}

/** One ContinuousMove the device was sent. */
export interface ReceivedMove {
  velocity: PtzVector;
  /** Its Timeout, or null when it had none. */
  timeoutMs: number | null;
}

/** How long a move lasts when ContinuousMove gives no Timeout (the configuration's DefaultPTZTimeout). */
export const DEFAULT_PTZ_TIMEOUT_MS = 5000;

/**
 * The test device's pan-tilt-zoom head: a position that follows the velocity of the last
 * ContinuousMove over time (`unitsPerSecond` per unit of velocity) until Stop or the move's
 * Timeout, clamped to the generic spaces' ranges; GotoPreset puts it at the preset at once.
 */
export class PtzHead {
  private at: PtzVector = { pan: 0, tilt: 0, zoom: 0 };
  private velocity: PtzVector = { pan: 0, tilt: 0, zoom: 0 };
  private since = 0;
  private until = 0;
  readonly moves: ReceivedMove[] = [];

  constructor(
    private readonly unitsPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Where it points now. */
  position(): PtzVector {
    this.advance();
    return { ...this.at };
  }

  moving(): { panTilt: boolean; zoom: boolean } {
    this.advance();
    const running = this.now() < this.until;
    return {
      panTilt: running && (this.velocity.pan !== 0 || this.velocity.tilt !== 0),
      zoom: running && this.velocity.zoom !== 0,
    };
  }

  move(velocity: PtzVector, timeoutMs: number | null): void {
    this.advance();
    this.moves.push({ velocity: { ...velocity }, timeoutMs });
    this.velocity = { ...velocity };
    this.until = this.now() + (timeoutMs ?? DEFAULT_PTZ_TIMEOUT_MS);
  }

  stop(panTilt: boolean, zoom: boolean): void {
    this.advance();
    if (panTilt) this.velocity = { ...this.velocity, pan: 0, tilt: 0 };
    if (zoom) this.velocity = { ...this.velocity, zoom: 0 };
  }

  goTo(position: PtzVector): void {
    this.advance();
    this.velocity = { pan: 0, tilt: 0, zoom: 0 };
    this.at = { ...position };
  }

  private advance(): void {
    const now = this.now();
    const seconds = Math.max(0, Math.min(now, this.until) - this.since) / 1000;
    this.since = now;
    if (seconds === 0) return;
    const step = (value: number, speed: number, min: number) =>
      Math.min(1, Math.max(min, value + speed * this.unitsPerSecond * seconds));
    this.at = {
      pan: step(this.at.pan, this.velocity.pan, -1),
      tilt: step(this.at.tilt, this.velocity.tilt, -1),
      zoom: step(this.at.zoom, this.velocity.zoom, 0),
    };
  }
}

/** An xs:duration as ContinuousMove's Timeout gives it (PT1S, PT0.5S, PT1M30S), in ms; null if not one. */
export function durationMs(text: string): number | null {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text.trim());
  if (!match || text.trim() === 'PT') return null;
  const [, h, m, s] = match;
  return Math.round(((Number(h ?? 0) * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000);
}
