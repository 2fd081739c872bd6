import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type {
  CameraInfo,
  CameraListResponse,
  DeleteCameraResponse,
  OfflinePeriodListResponse,
  SegmentListResponse,
} from '@camrec/shared-types';
import { parseRange } from '../common/instant';
import { ApiErrorResponses } from '../errors/api-error.response';
import {
  CameraIdParams,
  CreateCameraDto,
  DeleteCameraQuery,
  RangeQuery,
  SegmentQuery,
  UpdateCameraDto,
} from './cameras.dto';
import * as Schemas from './cameras.responses';
import { CamerasService } from './cameras.service';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

@ApiTags('cameras')
@Controller('cameras')
export class CamerasController {
  constructor(private readonly cameras: CamerasService) {}

  @Get()
  @ApiOperation({ summary: 'Saved cameras with their live state (credentials masked)' })
  @ApiOkResponse({ type: Schemas.CameraListResponse })
  list(): CameraListResponse {
    return this.cameras.list();
  }

  @Post()
  // Verifying a camera opens a connection to it: limited like /session/open.
  @RouteConfig({ rateLimit: {} })
  @ApiOperation({
    summary:
      'Save a camera: opens it first (unless verify is false) and keeps it open from then on, at every start',
  })
  @ApiCreatedResponse({ type: Schemas.CameraInfo })
  @ApiErrorResponses({
    400: 'a field is refused (the message names it)',
    409: 'the name is taken, or max_cameras is reached',
    422: 'not a camera stream (content type, codec)',
    429: 'open_rate_limit_per_min reached',
    502: 'the camera refused (401, 404, connection refused, no video)',
    504: 'no frames within verify_timeout_s',
  })
  create(@Body() body: CreateCameraDto): Promise<CameraInfo> {
    return this.cameras.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One saved camera' })
  @ApiOkResponse({ type: Schemas.CameraInfo })
  @ApiErrorResponses({ 400: 'not a camera id', 404: 'no such camera' })
  get(@Param() params: CameraIdParams): CameraInfo {
    return this.cameras.get(params.id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a camera (only the fields given); a new URL or enabling reopens it',
  })
  @ApiOkResponse({ type: Schemas.CameraInfo })
  @ApiErrorResponses({
    400: 'a field is refused (the message names it)',
    404: 'no such camera',
    409: 'the name is taken',
  })
  update(@Param() params: CameraIdParams, @Body() body: UpdateCameraDto): Promise<CameraInfo> {
    return this.cameras.update(params.id, body);
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Delete a camera; its recordings stay unless delete_recordings is true',
  })
  @ApiOkResponse({ type: Schemas.DeleteCameraResponse })
  @ApiErrorResponses({ 400: 'not a camera id', 404: 'no such camera' })
  remove(
    @Param() params: CameraIdParams,
    @Query() query: DeleteCameraQuery,
  ): Promise<DeleteCameraResponse> {
    return this.cameras.remove(params.id, query.delete_recordings ?? false);
  }

  @Get(':id/segments')
  @ApiOperation({
    summary: 'Continuous-recording segments in a range (default: the last hour), oldest first',
  })
  @ApiQuery({ name: 'start', required: false, description: 'ISO 8601 or Unix ms' })
  @ApiQuery({ name: 'end', required: false, description: 'ISO 8601 or Unix ms; default now' })
  @ApiQuery({ name: 'limit', required: false, description: '1–5000, default 1000' })
  @ApiOkResponse({ type: Schemas.SegmentListResponse })
  @ApiErrorResponses({ 400: 'a bad id, time or limit (named)' })
  segments(
    @Param() params: CameraIdParams,
    @Query() query: SegmentQuery,
  ): Promise<SegmentListResponse> {
    const now = Date.now();
    const range = parseRange(query, { start: now - HOUR_MS, end: now + HOUR_MS });
    return this.cameras.segments(params.id, range.start, range.end, query.limit ?? 1000);
  }

  @Get(':id/offline')
  @ApiOperation({ summary: 'Times the camera could not be reached (default: the last 30 days)' })
  @ApiQuery({ name: 'start', required: false, description: 'ISO 8601 or Unix ms' })
  @ApiQuery({ name: 'end', required: false, description: 'ISO 8601 or Unix ms; default now' })
  @ApiOkResponse({ type: Schemas.OfflinePeriodListResponse })
  @ApiErrorResponses({ 400: 'a bad id, time or parameter (named)', 404: 'no such camera' })
  offline(
    @Param() params: CameraIdParams,
    @Query() query: RangeQuery,
  ): Promise<OfflinePeriodListResponse> {
    const now = Date.now();
    const range = parseRange(query, { start: now - 30 * DAY_MS, end: now + 1 });
    return this.cameras.offlinePeriods(params.id, range.start, range.end);
  }
}
