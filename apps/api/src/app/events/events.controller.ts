import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { MotionEventListResponse } from '@camrec/shared-types';
import { EventIdParams, EventQueryDto } from './events.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'Motion events, newest first' })
  @ApiOkResponse({ description: 'MotionEventListResponse' })
  list(@Query() query: EventQueryDto): MotionEventListResponse {
    return this.events.list(query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a motion event and its clip' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such event' })
  @ApiConflictResponse({ description: 'The event is still going on' })
  remove(@Param() params: EventIdParams): Promise<void> {
    return this.events.delete(params.id);
  }
}
