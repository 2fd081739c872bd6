import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  NotFoundException,
} from '@nestjs/common';
import { InvalidVideoNameError, VideoNotFoundError } from '@camrec/recording';

/** Errno codes that mean "no such file here" rather than a broken disk. */
const NOT_FOUND = new Set(['ENOENT', 'ELOOP', 'ENAMETOOLONG']);
/** A folder where a file of the video should be. */
const IN_THE_WAY = new Set(['EISDIR', 'ERR_FS_EISDIR']);
/** Errno codes of a file or folder the server may not use. */
const NOT_ALLOWED = new Set(['EACCES', 'EPERM']);

/**
 * The library's refusals and the file system's errors as HTTP errors: a bad name is 400, a
 * missing video 404, a file the server may not touch 403, a folder in the way of a file 409,
 * and any other disk failure (full, read-only, not a folder, I/O error …) 507 — each with
 * the reason (never the path), never a 500.
 */
export function toHttpError(error: unknown, doing = 'reading the videos folder'): unknown {
  if (error instanceof HttpException) return error;
  if (error instanceof InvalidVideoNameError) return new BadRequestException(error.message);
  if (error instanceof VideoNotFoundError) return new NotFoundException(error.message);
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return error;
  const reason = `${doing} failed: ${code} (${describeErrno(code)})`;
  if (NOT_FOUND.has(code)) return new NotFoundException(reason);
  if (IN_THE_WAY.has(code)) return new ConflictException(reason);
  if (NOT_ALLOWED.has(code)) return new ForbiddenException(reason);
  return new HttpException(reason, HttpStatus.INSUFFICIENT_STORAGE);
}

function describeErrno(code: string): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EROFS':
      return 'the videos folder is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'the server has no permission';
    case 'EISDIR':
    case 'ERR_FS_EISDIR':
      return 'a folder stands where a file was expected';
    case 'ENOTDIR':
      return 'a file stands where a folder was expected';
    case 'EIO':
      return 'the disk reported an I/O error';
    default:
      return 'a file-system error';
  }
}
