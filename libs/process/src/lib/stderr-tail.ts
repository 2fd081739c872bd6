import { maskCredentials } from './credential-masker';

/** Longest stderr line kept; ffmpeg can print huge lines (e.g. SDP dumps) at high log levels. */
const MAX_LINE_CHARS = 2000;

/**
 * Keeps the last N lines of a process's stderr, credentials masked. ffmpeg ends progress
 * lines with '\r', so both '\r' and '\n' end a line.
 */
export class StderrTail {
  private readonly kept: string[] = [];
  private partial = '';

  constructor(
    private readonly maxLines: number,
    private readonly onLine?: (line: string) => void,
  ) {}

  push(text: string): void {
    const parts = (this.partial + text).split(/\r\n|\r|\n/);
    this.partial = (parts.pop() ?? '').slice(-MAX_LINE_CHARS);
    for (const part of parts) this.add(part);
  }

  /** Keeps a last line that had no line break. */
  flush(): void {
    if (this.partial) this.add(this.partial);
    this.partial = '';
  }

  lines(): string[] {
    return [...this.kept];
  }

  private add(raw: string): void {
    const line = maskCredentials(raw.slice(0, MAX_LINE_CHARS)).trimEnd();
    if (!line) return;
    this.kept.push(line);
    if (this.kept.length > this.maxLines) this.kept.shift();
    this.onLine?.(line);
  }
}
