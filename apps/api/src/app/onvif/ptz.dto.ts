import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { PtzMoveRequest, PtzPresetRequest, PtzStopRequest } from '@camrec/shared-types';
import { Omittable } from '../common/omittable';

export const MIN_MOVE_TIMEOUT_MS = 100;
export const MAX_MOVE_TIMEOUT_MS = 10_000;
const TIMEOUT_MESSAGE = `timeout_ms must be a whole number of milliseconds from ${MIN_MOVE_TIMEOUT_MS} to ${MAX_MOVE_TIMEOUT_MS}`;

/** One velocity: a finite number from −1 to 1. */
function Velocity(name: string): PropertyDecorator {
  const message = `${name} must be a number from -1 to 1`;
  return (target, key) => {
    ApiPropertyOptional({ minimum: -1, maximum: 1, description: `${name} velocity; default 0` })(target, key); // prettier-ignore
    Omittable()(target, key);
    IsNumber({ allowNaN: false, allowInfinity: false }, { message })(target, key);
    Min(-1, { message })(target, key);
    Max(1, { message })(target, key);
  };
}

export class PtzMoveDto implements PtzMoveRequest {
  @Velocity('pan')
  pan?: number;

  @Velocity('tilt')
  tilt?: number;

  @Velocity('zoom')
  zoom?: number;

  @ApiPropertyOptional({
    minimum: MIN_MOVE_TIMEOUT_MS,
    maximum: MAX_MOVE_TIMEOUT_MS,
    description:
      'The device stops by itself after this long unless moved again (ContinuousMove Timeout); default 1000',
  })
  @Omittable()
  @IsInt({ message: TIMEOUT_MESSAGE })
  @Min(MIN_MOVE_TIMEOUT_MS, { message: TIMEOUT_MESSAGE })
  @Max(MAX_MOVE_TIMEOUT_MS, { message: TIMEOUT_MESSAGE })
  timeout_ms?: number;
}

export class PtzPresetDto implements PtzPresetRequest {
  @ApiProperty({
    example: 'Preset_1',
    maxLength: 64,
    description: 'A token GET /cameras/:id/ptz lists',
  })
  @IsString({ message: 'token must be a string' })
  @MaxLength(64, { message: 'token must be at most 64 characters' })
  // tt:ReferenceToken: not empty, no control characters.
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  @Matches(/^[^\u0000-\u001f\u007f]+$/, {
    message: 'token must be a preset token: not empty, no control characters',
  })
  token!: string;
}

/** `{}`: a field is refused, naming it. */
export class PtzStopDto implements PtzStopRequest {
  [key: string]: never;
}
