import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { OnvifProfilesRequest } from '@camrec/shared-types';
import {
  ONVIF_PASSWORD,
  ONVIF_USERNAME,
  PASSWORD_CHARACTERS,
  USERNAME_CHARACTERS,
} from './onvif-credentials';

export const MIN_DISCOVERY_TIMEOUT_MS = 500;
export const MAX_DISCOVERY_TIMEOUT_MS = 10_000;
const TIMEOUT_MESSAGE = `timeout_ms must be a whole number of milliseconds from ${MIN_DISCOVERY_TIMEOUT_MS} to ${MAX_DISCOVERY_TIMEOUT_MS}`;

export class DiscoverQuery {
  @ApiPropertyOptional({
    minimum: MIN_DISCOVERY_TIMEOUT_MS,
    maximum: MAX_DISCOVERY_TIMEOUT_MS,
    description: 'How long to wait for answers; default 3000',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: TIMEOUT_MESSAGE })
  @Min(MIN_DISCOVERY_TIMEOUT_MS, { message: TIMEOUT_MESSAGE })
  @Max(MAX_DISCOVERY_TIMEOUT_MS, { message: TIMEOUT_MESSAGE })
  timeout_ms?: number;
}

export class OnvifProfilesDto implements OnvifProfilesRequest {
  @ApiProperty({
    example: '192.168.1.10:80',
    description:
      'host, host:port, [IPv6]:port or the device service URL (http://192.168.1.10/onvif/device_service)',
  })
  @IsString({ message: 'address must be a string' })
  @IsNotEmpty({ message: 'address must not be empty' })
  @MaxLength(512, { message: 'address must be at most 512 characters' })
  address!: string;

  @ApiProperty({ example: 'admin', maxLength: 64 })
  @IsString({ message: 'username must be a string' })
  @IsNotEmpty({ message: 'username must not be empty' })
  @MaxLength(64, { message: 'username must be at most 64 characters' })
  @Matches(ONVIF_USERNAME, { message: `username ${USERNAME_CHARACTERS}` })
  username!: string;

  @ApiProperty({ maxLength: 128, description: "The camera's password (never logged)" })
  @IsString({ message: 'password must be a string' })
  @MaxLength(128, { message: 'password must be at most 128 characters' })
  @Matches(ONVIF_PASSWORD, { message: `password ${PASSWORD_CHARACTERS}` })
  password!: string;

  @ApiPropertyOptional({
    description: "Accept an https device's certificate unverified; default false",
  })
  @IsOptional()
  @IsBoolean({ message: 'insecure_tls must be true or false' })
  insecure_tls?: boolean;
}
