import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type {
  CameraRecordMode,
  CreateCameraRequest,
  MjpegStorage,
  UpdateCameraRequest,
} from '@camrec/shared-types';
import { Omittable } from '../common/omittable';
import {
  ONVIF_PASSWORD,
  ONVIF_USERNAME,
  PASSWORD_CHARACTERS,
  USERNAME_CHARACTERS,
} from '../onvif/onvif-credentials';
import { MotionSettingsDto } from '../motion/motion.dto';

const RECORD_MODES: CameraRecordMode[] = ['off', 'motion', 'continuous'];
const MJPEG_STORAGES: MjpegStorage[] = ['h264', 'jpeg'];
/**
 * Printable characters, no control characters (C0, DEL and C1: U+009B starts a terminal escape
 * as ESC [ does): a name shows in logs, file lists and HTML.
 */
const NAME =
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  /^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$/;

/** The fields POST and PATCH share; PATCH makes each optional. */
class CameraFieldsDto {
  @ApiProperty({ example: 'Front door', maxLength: 80 })
  @IsString({ message: 'name must be a string' })
  @MaxLength(80, { message: 'name must be at most 80 characters' })
  @Matches(NAME, { message: 'name must not be blank or hold control characters' })
  name!: string;

  @ApiProperty({
    example: 'rtsp://admin:${FRONT_DOOR_PASSWORD}@192.168.1.10:554/stream1',
    description:
      "The main stream (full screen, recording). `${VARIABLE}` is read from the server's environment when the camera opens (keep passwords there)",
  })
  @IsString({ message: 'url must be a string' })
  @IsNotEmpty({ message: 'url must not be empty' })
  @MaxLength(4096, { message: 'url is too long; the limit is 2048 characters' })
  url!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A low-resolution stream for the grid and motion analysis',
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString({ message: 'substream_url must be a string or null' })
  @MaxLength(4096, { message: 'substream_url is too long; the limit is 2048 characters' })
  substream_url?: string | null;

  @ApiPropertyOptional({ description: 'Opened at start and kept open; default true' })
  @Omittable()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;

  @ApiPropertyOptional({ enum: RECORD_MODES, description: 'default off' })
  @Omittable()
  @IsIn(RECORD_MODES, { message: `record must be one of ${RECORD_MODES.join(', ')}` })
  record?: CameraRecordMode;

  @ApiPropertyOptional({ minimum: 2, maximum: 600, description: 'default 60' })
  @Omittable()
  @IsInt({ message: 'segment_s must be a whole number of seconds from 2 to 600' })
  @Min(2, { message: 'segment_s must be a whole number of seconds from 2 to 600' })
  @Max(600, { message: 'segment_s must be a whole number of seconds from 2 to 600' })
  segment_s?: number;

  @ApiPropertyOptional({ enum: MJPEG_STORAGES, description: 'default h264' })
  @Omittable()
  @IsIn(MJPEG_STORAGES, { message: `mjpeg_storage must be one of ${MJPEG_STORAGES.join(', ')}` })
  mjpeg_storage?: MjpegStorage;

  @ApiPropertyOptional({ description: "Accept the camera's certificate unverified; default false" })
  @Omittable()
  @IsBoolean({ message: 'insecure_tls must be true or false' })
  insecure_tls?: boolean;

  @ApiPropertyOptional({
    type: MotionSettingsDto,
    description: "`record` is ignored: clips follow the camera's record mode",
  })
  @Omittable()
  @IsObject({ message: 'motion must be an object' })
  @ValidateNested()
  @Type(() => MotionSettingsDto)
  motion?: MotionSettingsDto;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '192.168.1.10:80',
    description:
      "The camera's ONVIF device service (host[:port] or its URL), kept for PTZ; null forgets the ONVIF details",
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString({ message: 'onvif_address must be a string or null' })
  @MaxLength(512, { message: 'onvif_address must be at most 512 characters' })
  onvif_address?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, example: 'admin' })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString({ message: 'onvif_username must be a string or null' })
  @IsNotEmpty({ message: 'onvif_username must not be empty' })
  @MaxLength(64, { message: 'onvif_username must be at most 64 characters' })
  @Matches(ONVIF_USERNAME, { message: `onvif_username ${USERNAME_CHARACTERS}` })
  onvif_username?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 128,
    description: 'The ONVIF password: never logged nor returned; left out, the saved one is kept',
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString({ message: 'onvif_password must be a string or null' })
  @MaxLength(128, { message: 'onvif_password must be at most 128 characters' })
  @Matches(ONVIF_PASSWORD, { message: `onvif_password ${PASSWORD_CHARACTERS}` })
  onvif_password?: string | null;
}

export class CreateCameraDto extends CameraFieldsDto implements CreateCameraRequest {
  @ApiPropertyOptional({
    description:
      'Open the camera before saving and refuse it with the reason when it cannot be opened; default true',
  })
  @Omittable()
  @IsBoolean({ message: 'verify must be true or false' })
  verify?: boolean;
}

/**
 * Only the fields to change: a field left out keeps its value; null is refused, but for
 * substream_url (no substream).
 */
export class UpdateCameraDto
  extends PartialType(CameraFieldsDto, { skipNullProperties: false })
  implements UpdateCameraRequest {}

export class CameraIdParams {
  @ApiProperty({ example: 'k3v9q2m7x4ab' })
  @Matches(/^[a-z2-7]{12}$/, { message: 'id must be a camera id (12 letters and digits)' })
  id!: string;
}

export class DeleteCameraQuery {
  @ApiPropertyOptional({ description: "Also delete the camera's recordings; default false" })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'delete_recordings must be true or false' })
  delete_recordings?: boolean;
}

/** A stretch of a camera's history; a parameter the route does not take is refused. */
export class RangeQuery {
  @ApiPropertyOptional({ description: 'ISO 8601 or Unix ms' })
  @IsOptional()
  @IsString({ message: 'start must be a time' })
  start?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 or Unix ms' })
  @IsOptional()
  @IsString({ message: 'end must be a time' })
  end?: string;
}

export class SegmentQuery extends RangeQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 5000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 5000' })
  @Min(1, { message: 'limit must be a whole number from 1 to 5000' })
  @Max(5000, { message: 'limit must be a whole number from 1 to 5000' })
  limit?: number;
}
