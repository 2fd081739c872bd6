import type { PtzMoveRequest } from '@camrec/shared-types';

export type PtzDirection = 'left' | 'right' | 'up' | 'down' | 'zoom-in' | 'zoom-out';

/** Velocity of a press (of 1, the camera's fastest): slow enough to aim. */
export const PTZ_SPEED = 0.5;
/** Each move stops by itself after this long; a held button renews it before then. */
export const MOVE_TIMEOUT_MS = 1500;
export const RENEW_EVERY_MS = 1000;

/** The ContinuousMove of a button. */
export function moveRequest(direction: PtzDirection, speed = PTZ_SPEED): PtzMoveRequest {
  const velocity: Record<PtzDirection, PtzMoveRequest> = {
    left: { pan: -speed },
    right: { pan: speed },
    up: { tilt: speed },
    down: { tilt: -speed },
    'zoom-in': { zoom: speed },
    'zoom-out': { zoom: -speed },
  };
  return { ...velocity[direction], timeout_ms: MOVE_TIMEOUT_MS };
}

export interface PtzSender {
  move(request: PtzMoveRequest): Promise<unknown>;
  stop(): Promise<unknown>;
}

/**
 * Press and hold: a move when pressed, renewed while held (each move stops by itself, so a lost
 * release never leaves the camera moving for long), a stop when released. Requests go one after
 * the other, so a stop is never overtaken by the move before it.
 */
export class HeldMove {
  private held: PtzDirection | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sender: PtzSender,
    private readonly onError: (error: unknown) => void,
    private readonly renewEveryMs = RENEW_EVERY_MS,
  ) {}

  get direction(): PtzDirection | null {
    return this.held;
  }

  start(direction: PtzDirection): void {
    if (this.held === direction) return; // a key's auto-repeat
    this.clearTimer();
    this.held = direction;
    const request = moveRequest(direction);
    this.send(() => this.sender.move(request));
    this.timer = setInterval(() => this.send(() => this.sender.move(request)), this.renewEveryMs);
  }

  end(): void {
    if (this.held === null) return;
    this.held = null;
    this.clearTimer();
    this.send(() => this.sender.stop());
  }

  private send(request: () => Promise<unknown>): void {
    this.queue = this.queue.then(request).catch((error: unknown) => {
      this.onError(error);
      // A move the camera refused is not renewed.
      this.clearTimer();
    });
  }

  private clearTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
