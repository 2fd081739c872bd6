import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import type { UpdateVideoRequest } from '@camrec/shared-types';

export class VideoFileQueryDto {
  @ApiPropertyOptional({
    enum: ['1', '0', 'true', 'false'],
    description: '1 = send as an attachment (Content-Disposition) to save the file',
  })
  @IsOptional()
  @IsIn(['1', '0', 'true', 'false'], { message: 'download must be 1 or 0' })
  download?: string;
}

export class UpdateVideoDto implements UpdateVideoRequest {
  @ApiProperty({ description: 'true = retention never deletes this video' })
  @IsBoolean({ message: 'keep must be true or false' })
  keep!: boolean;
}
