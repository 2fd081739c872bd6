import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ApiError } from '@camrec/shared-types';
import { maskCredentials } from '@camrec/process';

/**
 * Gives every HTTP error the shape `{statusCode, error, message}`; an unexpected exception
 * becomes a 500 whose details stay in the log. Messages pass through the credential masker.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    void reply
      .status(body.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }

  private toBody(exception: unknown): ApiError {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const raw =
        typeof response === 'string' ? response : (response as { message?: unknown }).message;
      // class-validator gives a list of messages; one sentence reads better.
      const message = Array.isArray(raw) ? raw.join('; ') : String(raw ?? exception.message);
      return { statusCode, error: reasonPhrase(statusCode), message: maskCredentials(message) };
    }
    const indexProblem = indexStorageProblem(exception);
    if (indexProblem) {
      return {
        statusCode: 507,
        error: 'Insufficient Storage',
        message: `the index cannot be written: ${indexProblem}`,
      };
    }
    // Fastify's own errors (bad JSON body, body too large) carry a 4xx statusCode.
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return {
        statusCode: fastifyStatus,
        error: reasonPhrase(fastifyStatus),
        message: maskCredentials((exception as Error).message),
      };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error; see the server log',
    };
  }
}

/**
 * SQLite's answer when the index's disk is full, read-only or failing (better-sqlite3's
 * SqliteError codes): a storage problem like a full videos folder, not a bug.
 */
function indexStorageProblem(exception: unknown): string | null {
  const code = (exception as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^SQLITE_(FULL|READONLY|IOERR|CANTOPEN)/.test(code)) {
    return null;
  }
  return `${code} (${(exception as Error).message})`;
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
