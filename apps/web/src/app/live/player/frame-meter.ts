/** Counts painted frames over the last second. */
export class FrameMeter {
  private readonly times: number[] = [];
  total = 0;

  tick(now: number): void {
    this.total++;
    this.times.push(now);
    this.prune(now);
  }

  fps(now: number): number {
    this.prune(now);
    return this.times.length;
  }

  /** Time of the newest frame, or null before the first. */
  get last(): number | null {
    return this.times.at(-1) ?? null;
  }

  private prune(now: number): void {
    while (this.times.length && now - this.times[0] > 1000) this.times.shift();
  }
}
