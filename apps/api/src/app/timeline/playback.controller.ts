import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CameraIdParams } from '../cameras/cameras.dto';
import { parseInstant } from '../common/instant';
import { ApiErrorResponses } from '../errors/api-error.response';
import { PlaybackQuery, ThumbnailQuery } from './playback.dto';
import { PlaybackService } from './playback.service';

const binary = (contentType: string) => ({
  [contentType]: { schema: { type: 'string', format: 'binary' } },
});

@ApiTags('timeline')
@Controller('cameras/:id')
export class PlaybackController {
  constructor(private readonly playback: PlaybackService) {}

  @Get('playback.mp4')
  @Header('content-type', 'video/mp4')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary:
      'Recorded footage from an instant, as fragmented MP4 for Media Source Extensions: from the keyframe at or before it (in a gap, the next footage) until the first keyframe after `duration`; decode times count from `origin`',
  })
  @ApiOkResponse({
    description: 'init segment and fragments',
    content: binary('video/mp4'),
  })
  @ApiErrorResponses({
    400: 'a bad id, time, origin (after the footage) or duration (named)',
    404: 'no recorded footage at or after the instant',
  })
  async chunk(
    @Param() params: CameraIdParams,
    @Query() query: PlaybackQuery,
  ): Promise<StreamableFile> {
    const at = parseInstant(query.at, 'at');
    const origin = query.origin === undefined ? at : parseInstant(query.origin, 'origin');
    const chunk = await this.playback.chunk(params.id, at, origin, query.duration ?? 10);
    return new StreamableFile(chunk, { type: 'video/mp4' });
  }

  @Get('thumbnail.jpg')
  @Header('content-type', 'image/jpeg')
  @Header('cache-control', 'private, max-age=3600')
  @ApiOperation({
    summary: 'A small picture of the footage at an instant (its keyframe), for the timeline',
  })
  @ApiOkResponse({ description: 'JPEG', content: binary('image/jpeg') })
  @ApiErrorResponses({
    400: 'a bad id or time (named)',
    404: 'no recorded footage at or after the instant',
  })
  async thumbnail(
    @Param() params: CameraIdParams,
    @Query() query: ThumbnailQuery,
  ): Promise<StreamableFile> {
    return new StreamableFile(
      await this.playback.thumbnail(params.id, parseInstant(query.at, 'at')),
    );
  }
}
