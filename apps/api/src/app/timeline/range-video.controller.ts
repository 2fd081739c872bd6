import { Controller, Get, Head, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CameraIdParams } from '../cameras/cameras.dto';
import { parseInstant } from '../common/instant';
import { ApiErrorResponses } from '../errors/api-error.response';
import { sendFileReply } from '../videos/file-reply';
import { RangeVideoQuery } from './range-video.dto';
import { RangeVideoService } from './range-video.service';

const RANGE_HEADER = {
  name: 'Range',
  required: false,
  description: 'e.g. bytes=0-1023, bytes=1024-, bytes=-500',
};
const IF_RANGE_HEADER = {
  name: 'If-Range',
  required: false,
  description: 'The ETag of an earlier answer: the range is sent only if the file is the same',
};
const VIDEO_HEADERS = {
  'Content-Length': { schema: { type: 'integer' } },
  'Accept-Ranges': { schema: { type: 'string', enum: ['bytes'] } },
  ETag: { description: 'The same for the same bytes', schema: { type: 'string' } },
  'Content-Disposition': {
    description: 'attachment; filename="<camera>-<start>.mp4"',
    schema: { type: 'string' },
  },
  'X-Footage-Start': {
    description:
      'The instant the file is shown from, ISO 8601: start itself (an edit list over the keyframe before it), or the next footage when start lies in a gap',
    schema: { type: 'string' },
  },
  'X-Footage-End': {
    description: 'Where the footage sent ends, ISO 8601 (before `end` when it was not recorded)',
    schema: { type: 'string' },
  },
};
const RANGE_HEADERS = {
  ...VIDEO_HEADERS,
  'Content-Range': { description: 'bytes START-END/SIZE', schema: { type: 'string' } },
};
const mp4 = { 'video/mp4': { schema: { type: 'string', format: 'binary' } } };
const ERRORS = {
  400: 'a bad id, start or end (named): end not after start, more than 24 h, start in the future',
  404: 'no recorded footage in the range',
  409: "the camera's codec setup changes inside the range (the instant is named), or footage kept as JPEG frames (play it through jpeg-frames, or export it)",
  416: 'a byte range the file cannot satisfy',
};
const SUMMARY =
  'Recorded footage from start to end as one MP4 file (streams copied, nothing re-encoded), with HTTP Range: it plays and seeks in a <video> element and downloads at once. It is shown from start itself (an MP4 edit list over the keyframe before it), ends with the last frame before end, skips gaps, and leaves out footage still being written';

/** HEAD comes before GET: Fastify would otherwise add its own HEAD, which reads the footage. */
@ApiTags('timeline')
@Controller('cameras/:id')
export class RangeVideoController {
  constructor(private readonly videos: RangeVideoService) {}

  @Head('video.mp4')
  @ApiOperation({ summary: 'Headers of the range as one MP4 file (size, ETag); no body' })
  @ApiHeader(RANGE_HEADER)
  @ApiHeader(IF_RANGE_HEADER)
  @ApiOkResponse({ description: 'The whole file would be sent', headers: VIDEO_HEADERS })
  @ApiResponse({ status: 206, description: 'The range would be sent', headers: RANGE_HEADERS })
  @ApiErrorResponses(ERRORS)
  head(
    @Param() params: CameraIdParams,
    @Query() query: RangeVideoQuery,
    @Headers('range') range: string | undefined,
    @Headers('if-range') ifRange: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.send(params.id, query, { range, ifRange, head: true }, reply);
  }

  @Get('video.mp4')
  @ApiOperation({ summary: SUMMARY })
  @ApiHeader(RANGE_HEADER)
  @ApiHeader(IF_RANGE_HEADER)
  @ApiOkResponse({ description: 'The whole file', headers: VIDEO_HEADERS, content: mp4 })
  @ApiResponse({
    status: 206,
    description: 'The requested byte range',
    headers: RANGE_HEADERS,
    content: mp4,
  })
  @ApiErrorResponses(ERRORS)
  file(
    @Param() params: CameraIdParams,
    @Query() query: RangeVideoQuery,
    @Headers('range') range: string | undefined,
    @Headers('if-range') ifRange: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.send(params.id, query, { range, ifRange, head: false }, reply);
  }

  private async send(
    cameraId: string,
    query: RangeVideoQuery,
    request: { range?: string; ifRange?: string; head: boolean },
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const start = parseInstant(query.start, 'start');
    const end = parseInstant(query.end, 'end');
    return sendFileReply(reply, await this.videos.video(cameraId, start, end, request));
  }
}
