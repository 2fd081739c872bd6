import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsUUID,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { MotionSettingsRequest, MotionZone } from '@camrec/shared-types';
import { Omittable } from '../common/omittable';

const MAX_ZONES = 16;
const MAX_ZONE_POINTS = 64;

/** Each zone: 3 to 64 points [x, y], both from 0 to 1. */
@ValidatorConstraint({ name: 'motionZones' })
class MotionZonesConstraint implements ValidatorConstraintInterface {
  validate(zones: unknown): boolean {
    return Array.isArray(zones) && zones.every(isZone);
  }

  defaultMessage(): string {
    return `zones_excluded must be polygons of 3 to ${MAX_ZONE_POINTS} points [x, y], each from 0 to 1`;
  }
}

function isZone(zone: unknown): zone is MotionZone {
  return (
    Array.isArray(zone) &&
    zone.length >= 3 &&
    zone.length <= MAX_ZONE_POINTS &&
    zone.every(
      (point) =>
        Array.isArray(point) &&
        point.length === 2 &&
        point.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1),
    )
  );
}

/** zones_excluded as documented: MotionZone[], each point an [x, y] pair. */
export const MOTION_ZONES_SCHEMA = {
  type: 'array',
  items: {
    type: 'array',
    items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
  },
  description: 'Polygons [[x, y], …] in 0–1 coordinates where motion does not count',
  example: [
    [
      [0, 0],
      [1, 0],
      [1, 0.15],
      [0, 0.15],
    ],
  ],
} satisfies ApiPropertyOptions;

export class MotionSettingsDto implements MotionSettingsRequest {
  @ApiProperty({ description: 'Analyse the camera for motion' })
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled!: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @Omittable()
  @IsInt({ message: 'sensitivity must be an integer from 1 to 100' })
  @Min(1, { message: 'sensitivity must be an integer from 1 to 100' })
  @Max(100, { message: 'sensitivity must be an integer from 1 to 100' })
  sensitivity?: number;

  @ApiPropertyOptional({
    minimum: 0.01,
    maximum: 50,
    default: 0.5,
    description: 'Smallest moving area that counts, in percent of the picture',
  })
  @Omittable()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'min_area_pct must be a number' })
  @Min(0.01, { message: 'min_area_pct must be from 0.01 to 50' })
  @Max(50, { message: 'min_area_pct must be from 0.01 to 50' })
  min_area_pct?: number;

  @ApiPropertyOptional(MOTION_ZONES_SCHEMA)
  @Omittable()
  @IsArray({ message: 'zones_excluded must be an array of polygons' })
  @ArrayMaxSize(MAX_ZONES, { message: `zones_excluded may hold at most ${MAX_ZONES} polygons` })
  @Validate(MotionZonesConstraint)
  zones_excluded?: MotionZone[];

  @ApiPropertyOptional({ description: 'Record a clip of each motion event', default: false })
  @Omittable()
  @IsBoolean({ message: 'record must be true or false' })
  record?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 30, default: 5 })
  @Omittable()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'pre_roll_s must be a number' })
  @Min(0, { message: 'pre_roll_s must be from 0 to 30 seconds' })
  @Max(30, { message: 'pre_roll_s must be from 0 to 30 seconds' })
  pre_roll_s?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 120, default: 10 })
  @Omittable()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'post_roll_s must be a number' })
  @Min(0, { message: 'post_roll_s must be from 0 to 120 seconds' })
  @Max(120, { message: 'post_roll_s must be from 0 to 120 seconds' })
  post_roll_s?: number;
}

export class SessionIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'the session id must be a session UUID' })
  id!: string;
}
