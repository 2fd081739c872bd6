import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MotionEventListResponse } from '@camrec/shared-types';
import { ApiErrorResponses } from '../errors/api-error.response';
import { EventIdParams, EventQueryDto } from './events.dto';
import * as Schemas from './events.responses';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'Motion events, newest first' })
  @ApiOkResponse({ type: Schemas.MotionEventListResponse })
  @ApiErrorResponses({ 400: 'session_id, since or limit is malformed (named in the message)' })
  list(@Query() query: EventQueryDto): Promise<MotionEventListResponse> {
    return this.events.list(query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a motion event and its clip' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses({
    400: 'The id is not a UUID',
    404: 'No such event',
    409: 'The event is still going on',
  })
  remove(@Param() params: EventIdParams): Promise<void> {
    return this.events.delete(params.id);
  }
}
