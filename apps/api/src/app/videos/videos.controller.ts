import {
  Controller,
  Delete,
  Get,
  Head,
  Headers,
  HttpCode,
  Param,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { VideoListResponse } from '@camrec/shared-types';
import { ApiErrorResponses } from '../errors/api-error.response';
import { sendFileReply } from './file-reply';
import { VideoFileQueryDto } from './videos.dto';
import * as Schemas from './videos.responses';
import { VideosService } from './videos.service';

const FILENAME = {
  name: 'filename',
  description: 'A recording name: {session_id}_{YYYYMMDD-HHMMSS}.mp4',
  example: '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b_20250102-030405.mp4',
};
const RANGE_HEADER = {
  name: 'Range',
  required: false,
  description: 'e.g. bytes=0-1023, bytes=1024-, bytes=-500',
};
const binary = (contentType: string) => ({
  [contentType]: { schema: { type: 'string', format: 'binary' } },
});
const FILE_HEADERS = {
  'Content-Length': { schema: { type: 'integer' } },
  'Last-Modified': { schema: { type: 'string' } },
};
const VIDEO_HEADERS = {
  ...FILE_HEADERS,
  'Accept-Ranges': { schema: { type: 'string', enum: ['bytes'] } },
};
const RANGE_HEADERS = {
  ...VIDEO_HEADERS,
  'Content-Range': { description: 'bytes START-END/SIZE', schema: { type: 'string' } },
};
/** What the videos folder can answer for any file: see video-http-errors.ts. */
const FILE_ERRORS = {
  400: 'Not a video name',
  403: 'The server may not read or change the file',
  409: 'Something else stands where the file should be',
  507: 'The videos folder cannot be used',
};
const VIDEO_ERRORS = {
  ...FILE_ERRORS,
  404: 'No such video',
  416: 'A byte range the file cannot satisfy',
};
const wantsDownload = (query: VideoFileQueryDto) =>
  query.download === '1' || query.download === 'true';

/** HEAD routes come before their GET: Fastify would otherwise add its own HEAD, which reads the file. */
@ApiTags('videos')
@Controller('videos')
export class VideosController {
  constructor(private readonly videos: VideosService) {}

  @Get()
  @ApiOperation({ summary: 'Recorded videos, newest first' })
  @ApiOkResponse({ type: Schemas.VideoListResponse })
  list(): Promise<VideoListResponse> {
    return this.videos.list();
  }

  @Head(':filename')
  @ApiOperation({ summary: 'Headers of a video (size, Range support); no body' })
  @ApiParam(FILENAME)
  @ApiHeader(RANGE_HEADER)
  @ApiOkResponse({ description: 'The whole file would be sent', headers: VIDEO_HEADERS })
  @ApiResponse({ status: 206, description: 'The range would be sent', headers: RANGE_HEADERS })
  @ApiErrorResponses(VIDEO_ERRORS)
  async head(
    @Param('filename') filename: string,
    @Headers('range') range: string | undefined,
    @Query() query: VideoFileQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendFileReply(
      reply,
      await this.videos.video(filename, { range, download: wantsDownload(query), head: true }),
    );
  }

  @Get(':filename')
  @ApiOperation({ summary: 'A video file; supports HTTP Range requests' })
  @ApiParam(FILENAME)
  @ApiHeader(RANGE_HEADER)
  @ApiOkResponse({
    description: 'The whole file',
    headers: VIDEO_HEADERS,
    content: binary('video/mp4'),
  })
  @ApiResponse({
    status: 206,
    description: 'The requested byte range',
    headers: RANGE_HEADERS,
    content: binary('video/mp4'),
  })
  @ApiErrorResponses(VIDEO_ERRORS)
  async file(
    @Param('filename') filename: string,
    @Headers('range') range: string | undefined,
    @Query() query: VideoFileQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendFileReply(
      reply,
      await this.videos.video(filename, { range, download: wantsDownload(query), head: false }),
    );
  }

  @Delete(':filename')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a video with its thumbnail and metadata' })
  @ApiParam(FILENAME)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses({ ...FILE_ERRORS, 404: 'No such video' })
  remove(@Param('filename') filename: string): Promise<void> {
    return this.videos.delete(filename);
  }

  @Head(':filename/thumbnail')
  @ApiOperation({ summary: 'Headers of a thumbnail; no body' })
  @ApiParam(FILENAME)
  @ApiOkResponse({ description: 'The thumbnail would be sent', headers: FILE_HEADERS })
  @ApiErrorResponses({ ...FILE_ERRORS, 404: 'No such video or no thumbnail' })
  async thumbnailHead(
    @Param('filename') filename: string,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendFileReply(reply, await this.videos.thumbnail(filename, true));
  }

  @Get(':filename/thumbnail')
  @ApiOperation({ summary: 'JPEG thumbnail of a video' })
  @ApiParam(FILENAME)
  @ApiOkResponse({ description: 'The thumbnail', content: binary('image/jpeg') })
  @ApiErrorResponses({ ...FILE_ERRORS, 404: 'No such video or no thumbnail' })
  async thumbnail(
    @Param('filename') filename: string,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendFileReply(reply, await this.videos.thumbnail(filename, false));
  }
}
