import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { CloseSessionRequest, OpenSessionRequest } from '@camrec/shared-types';

export class OpenSessionDto implements OpenSessionRequest {
  @ApiProperty({ example: 'rtsp://user:password@192.168.1.10:554/stream1' })
  @IsString({ message: 'url must be a string' })
  @IsNotEmpty({ message: 'url must not be empty' })
  // The exact length limit (2048) is checked with a clearer message by parseSourceUrl.
  @MaxLength(4096, { message: 'url is too long; the limit is 2048 characters' })
  url!: string;

  @ApiPropertyOptional({ example: 'Front door', maxLength: 80 })
  @IsOptional()
  @IsString({ message: 'name must be a string' })
  @MaxLength(80, { message: 'name must be at most 80 characters' })
  name?: string;

  @ApiPropertyOptional({
    description:
      'https MJPEG cameras: accept the certificate without verifying it (self-signed); default false',
  })
  @IsOptional()
  @IsBoolean({ message: 'insecure_tls must be true or false' })
  insecure_tls?: boolean;
}

export class CloseSessionDto implements CloseSessionRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'session_id must be a session UUID' })
  session_id!: string;
}
