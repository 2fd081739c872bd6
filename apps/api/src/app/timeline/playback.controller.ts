import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CameraIdParams } from '../cameras/cameras.dto';
import { parseInstant } from '../common/instant';
import { ApiErrorResponses } from '../errors/api-error.response';
import { JpegFramesService, MAX_FRAMES_CHUNK_BYTES } from './jpeg-frames.service';
import { JpegFramesQuery, PlaybackQuery, ThumbnailQuery } from './playback.dto';
import { PlaybackService } from './playback.service';

const binary = (contentType: string) => ({
  [contentType]: { schema: { type: 'string', format: 'binary' } },
});

@ApiTags('timeline')
@Controller('cameras/:id')
export class PlaybackController {
  constructor(
    private readonly playback: PlaybackService,
    private readonly jpegFrames: JpegFramesService,
  ) {}

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
    409: 'the footage there is kept as JPEG frames: play it through jpeg-frames',
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

  @Get('jpeg-frames')
  @Header('content-type', 'application/octet-stream')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary:
      'Recorded footage kept as JPEG frames (mjpeg_storage "jpeg") from an instant, frame by frame as the camera sent it, for a player that draws them: from the frame shown at `at` (the latest recorded at or before it; in a gap, the next footage) until the first frame at or after `at` + `duration`, or before the JPEG bytes pass ' +
      `${MAX_FRAMES_CHUNK_BYTES / 1024 / 1024} MB. The next chunk, asked for from the end of the last frame (its time plus its duration), starts with the frame after it`,
  })
  @ApiOkResponse({
    description:
      'One record per frame, laid end to end, oldest first: a 20-byte header — float64 capture time (Unix ms), float64 duration (ms, until the next frame), uint32 JPEG length, all big-endian — then the JPEG',
    content: binary('application/octet-stream'),
  })
  @ApiErrorResponses({
    400: 'a bad id, time or duration (named)',
    404: 'no recorded footage at or after the instant',
    409: 'the footage there is video, not JPEG frames: play it through playback.mp4',
  })
  async frames(
    @Param() params: CameraIdParams,
    @Query() query: JpegFramesQuery,
  ): Promise<StreamableFile> {
    const at = parseInstant(query.at, 'at');
    const frames = await this.jpegFrames.frames(params.id, at, query.duration ?? 5);
    return new StreamableFile(frames, { type: 'application/octet-stream' });
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
