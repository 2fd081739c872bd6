import { BadRequestException, NotFoundException } from '@nestjs/common';
import { InvalidVideoNameError, VideoNotFoundError } from '@camrec/recording';

/** The library's refusals as HTTP errors: a bad name is 400, a missing video 404. */
export function toHttpError(error: unknown): unknown {
  if (error instanceof InvalidVideoNameError) return new BadRequestException(error.message);
  if (error instanceof VideoNotFoundError) return new NotFoundException(error.message);
  return error;
}
