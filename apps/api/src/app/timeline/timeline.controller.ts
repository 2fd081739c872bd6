import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { CameraTimeline, MultiCameraTimeline, TimelineKeptRange } from '@camrec/shared-types';
import { CameraIdParams } from '../cameras/cameras.dto';
import { parseInstant, parseRange } from '../common/instant';
import { ApiErrorResponses } from '../errors/api-error.response';
import {
  CreateKeptRangeDto,
  KeptRangeParams,
  MultiCameraTimelineQuery,
  TimelineQuery,
} from './timeline.dto';
import * as Schemas from './timeline.responses';
import { TimelineService } from './timeline.service';

const DAY_MS = 86_400_000;

@ApiTags('timeline')
@Controller()
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get('cameras/:id/timeline')
  @ApiOperation({
    summary:
      'What a camera has between two instants (default: the last 24 hours): recorded spans, offline periods, motion events, clips and kept ranges, at a resolution fit for the range',
  })
  @ApiOkResponse({ type: Schemas.CameraTimeline })
  @ApiErrorResponses({ 400: 'a bad id, time, range (at most 400 days) or resolution (named)' })
  camera(@Param() params: CameraIdParams, @Query() query: TimelineQuery): Promise<CameraTimeline> {
    const range = this.range(query);
    return this.timeline.camera(params.id, range.start, range.end, query.resolution_ms);
  }

  @Post('cameras/:id/kept')
  @ApiOperation({ summary: "Keep a range of a camera's footage: retention never deletes it" })
  @ApiCreatedResponse({ type: Schemas.TimelineKeptRange })
  @ApiErrorResponses({ 400: 'a bad id, time or range (named)' })
  keep(
    @Param() params: CameraIdParams,
    @Body() body: CreateKeptRangeDto,
  ): Promise<TimelineKeptRange> {
    const start = parseInstant(body.start, 'start');
    const end = parseInstant(body.end, 'end');
    if (end <= start) throw new BadRequestException('end must be after start');
    return this.timeline.keep(params.id, start, end, body.note ?? '');
  }

  @Delete('cameras/:id/kept/:keptId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Let retention have a kept range again' })
  @ApiNoContentResponse({ description: 'Forgotten' })
  @ApiErrorResponses({ 400: 'a bad id (named)', 404: 'no such kept range of the camera' })
  async forget(@Param() params: KeptRangeParams): Promise<void> {
    await this.timeline.forget(params.id, params.keptId);
  }

  @Get('timeline')
  @ApiOperation({
    summary: 'The timelines of several cameras at one resolution, to play them in sync',
  })
  @ApiOkResponse({ type: Schemas.MultiCameraTimeline })
  @ApiErrorResponses({ 400: 'bad camera ids, time, range or resolution (named)' })
  cameras(@Query() query: MultiCameraTimelineQuery): Promise<MultiCameraTimeline> {
    const range = this.range(query);
    return this.timeline.cameras(query.cameras, range.start, range.end, query.resolution_ms);
  }

  /** `start` defaults to a day before `end`, `end` to now. */
  private range(query: TimelineQuery): { start: number; end: number } {
    const end = query.end === undefined ? Date.now() : parseInstant(query.end, 'end');
    return parseRange(query, { start: end - DAY_MS, end });
  }
}
