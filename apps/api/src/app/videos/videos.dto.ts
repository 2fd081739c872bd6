import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class VideoFileQueryDto {
  @ApiPropertyOptional({
    enum: ['1', '0', 'true', 'false'],
    description: '1 = send as an attachment (Content-Disposition) to save the file',
  })
  @IsOptional()
  @IsIn(['1', '0', 'true', 'false'], { message: 'download must be 1 or 0' })
  download?: string;
}
