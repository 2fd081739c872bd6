import { LoggerService } from '@nestjs/common';
import { maskCredentials } from '@camrec/process';
import type { LogLevel } from '../config/app-config';

const SEVERITY: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * The server's only log sink: `time - logger name - level - message`, one line each, with
 * every message passed through the credential masker so no camera password reaches a log.
 */
export class AppLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  log(message: unknown, context?: string): void {
    this.emit('info', message, context);
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?); the stack goes on the next lines.
    const context =
      rest.length > 0 && typeof rest[rest.length - 1] === 'string'
        ? (rest.pop() as string)
        : undefined;
    const stack = rest.find((part) => typeof part === 'string' && part.includes('\n    at '));
    this.emit('error', stack ? `${String(message)}\n${stack}` : message, context);
  }
  warn(message: unknown, context?: string): void {
    this.emit('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.emit('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.emit('debug', message, context);
  }

  private emit(level: LogLevel, message: unknown, context = 'camrec'): void {
    if (SEVERITY[level] > SEVERITY[this.level]) return;
    const text = message instanceof Error ? (message.stack ?? message.message) : String(message);
    this.write(
      `${new Date().toISOString()} - ${context} - ${level.toUpperCase()} - ${maskCredentials(text)}`,
    );
  }
}
