import {
  Body,
  Controller,
  Delete,
  Get,
  Head,
  Headers,
  HttpCode,
  Param,
  Patch,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { VideoItem, VideoListResponse } from '@camrec/shared-types';
import { sendFileReply } from './file-reply';
import { UpdateVideoDto, VideoFileQueryDto } from './videos.dto';
import { VideosService } from './videos.service';

const FILENAME = {
  name: 'filename',
  description: 'A recording name: {session_id}_{YYYYMMDD-HHMMSS}.mp4',
  example: '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b_20250102-030405.mp4',
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
  @ApiOkResponse({ description: 'VideoListResponse' })
  list(): Promise<VideoListResponse> {
    return this.videos.list();
  }

  @Head(':filename')
  @ApiOperation({ summary: 'Headers of a video (size, Range support)' })
  @ApiParam(FILENAME)
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
  @ApiHeader({
    name: 'Range',
    required: false,
    description: 'e.g. bytes=0-1023, bytes=1024-, bytes=-500',
  })
  @ApiProduces('video/mp4')
  @ApiOkResponse({ description: 'The whole file' })
  @ApiResponse({ status: 206, description: 'The requested byte range' })
  @ApiResponse({ status: 416, description: 'A byte range the file cannot satisfy' })
  @ApiBadRequestResponse({ description: 'Not a video name' })
  @ApiNotFoundResponse({ description: 'No such video' })
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

  @Patch(':filename')
  @ApiOperation({ summary: 'Mark a video kept (never deleted by retention) or not' })
  @ApiParam(FILENAME)
  @ApiOkResponse({ description: 'VideoItem' })
  @ApiNotFoundResponse({ description: 'No such video' })
  update(@Param('filename') filename: string, @Body() body: UpdateVideoDto): Promise<VideoItem> {
    return this.videos.setKeep(filename, body.keep);
  }

  @Delete(':filename')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a video with its thumbnail and metadata' })
  @ApiParam(FILENAME)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such video' })
  remove(@Param('filename') filename: string): Promise<void> {
    return this.videos.delete(filename);
  }

  @Head(':filename/thumbnail')
  @ApiParam(FILENAME)
  async thumbnailHead(
    @Param('filename') filename: string,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendFileReply(reply, await this.videos.thumbnail(filename, true));
  }

  @Get(':filename/thumbnail')
  @ApiOperation({ summary: 'JPEG thumbnail of a video' })
  @ApiParam(FILENAME)
  @ApiProduces('image/jpeg')
  @ApiNotFoundResponse({ description: 'No such video or no thumbnail' })
  async thumbnail(
    @Param('filename') filename: string,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendFileReply(reply, await this.videos.thumbnail(filename, false));
  }
}
