import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ExportInfo, ExportListResponse } from '@camrec/shared-types';
import { ApiErrorResponses } from '../errors/api-error.response';
import { CreateExportDto, ExportIdParams } from './exports.dto';
import * as Schemas from './timeline.responses';
import { ExportsService } from './exports.service';

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Save a range of a camera's footage as one MP4 in the library (streams copied, starting at the in-point; footage kept as JPEG frames encoded to H.264); written in the background, see its progress",
  })
  @ApiAcceptedResponse({ type: Schemas.ExportInfo })
  @ApiErrorResponses({
    400: 'a bad camera id, time or range (at most 7 days; named)',
    404: 'no recorded footage of the camera in the range',
    409: 'the footage changes between JPEG frames and video inside the range (the instant named)',
    429: 'too many exports waiting',
  })
  create(@Body() body: CreateExportDto): Promise<ExportInfo> {
    return this.exports.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Saved exports, newest first, with their state and progress' })
  @ApiOkResponse({ type: Schemas.ExportListResponse })
  list(): Promise<ExportListResponse> {
    return this.exports.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One export: state, progress, and its video once done' })
  @ApiOkResponse({ type: Schemas.ExportInfo })
  @ApiErrorResponses({ 400: 'not an export id', 404: 'no such export' })
  get(@Param() params: ExportIdParams): Promise<ExportInfo> {
    return this.exports.get(params.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Cancel an export being written, or delete a finished one and its video',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses({ 400: 'not an export id', 404: 'no such export' })
  async remove(@Param() params: ExportIdParams): Promise<void> {
    await this.exports.delete(params.id);
  }
}
