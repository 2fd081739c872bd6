import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SessionListResponse } from '@camrec/shared-types';
import * as Schemas from '../session/session.responses';
import { SessionListService } from './session-list.service';

@ApiTags('sessions')
@Controller('session')
export class SessionListController {
  constructor(private readonly sessions: SessionListService) {}

  @Get('list')
  @ApiOperation({ summary: 'Every session with state, viewers, recording and stats' })
  @ApiOkResponse({ type: Schemas.SessionListResponse })
  list(): SessionListResponse {
    return this.sessions.list();
  }
}
