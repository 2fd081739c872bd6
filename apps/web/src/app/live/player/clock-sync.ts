import type { StreamClockMessage } from '@camrec/shared-types';

/** Requests at the start, a few to find a quick round trip, then now and then for drift. */
const FIRST_REQUESTS = 4;
const REPEAT_MS = 10_000;

/**
 * This browser's view of the server's clock, from clock requests on the stream socket (NTP's
 * idea in one exchange): the server's time was `server_time` at the midpoint of the round trip,
 * give or take half of it. The quickest round trip seen gives the tightest bound.
 */
export class ClockSync {
  /** Server clock minus ours, in ms; null until the first answer. */
  private offset: number | null = null;
  private bound = Infinity;
  private requests = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly send: (clientTime: number) => void) {}

  /** Call when the socket opens: asks at once, then keeps the estimate fresh. */
  start(): void {
    this.stop();
    this.requests = 0;
    this.request();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  answer(message: StreamClockMessage, receivedAt = Date.now()): void {
    const roundTrip = receivedAt - message.client_time;
    if (roundTrip < 0) return;
    // An old estimate's bound grows with possible drift; a fresh, quick answer replaces it.
    if (roundTrip / 2 <= this.bound || this.requests > FIRST_REQUESTS) {
      this.offset = message.server_time - (message.client_time + receivedAt) / 2;
      this.bound = roundTrip / 2;
    }
    if (this.requests < FIRST_REQUESTS) this.request();
  }

  /** The server's wall clock now, ms since 1970, or null while unknown. */
  serverNow(now = Date.now()): number | null {
    return this.offset === null ? null : now + this.offset;
  }

  /** How far `serverNow()` may be off, in ms (half the round trip it came from). */
  get uncertaintyMs(): number {
    return this.bound;
  }

  private request(): void {
    this.requests++;
    this.send(Date.now());
    if (this.requests >= FIRST_REQUESTS) {
      this.stop();
      this.timer = setTimeout(() => this.request(), REPEAT_MS);
    }
  }
}
