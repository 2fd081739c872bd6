import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CloseSessionResponse, SessionInfo } from '@camrec/shared-types';
import { ApiErrorResponses } from '../errors/api-error.response';
import { CloseSessionDto, OpenSessionDto } from './session.dto';
import * as Schemas from './session.responses';
import { SessionService } from './session.service';

@ApiTags('sessions')
@Controller('session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post('open')
  // open_rate_limit_per_min per client (create-app registers the limiter).
  @RouteConfig({ rateLimit: {} })
  @ApiOperation({ summary: 'Open a camera: verifies that frames arrive, then returns the session' })
  @ApiCreatedResponse({ description: 'opened', type: Schemas.SessionInfo })
  @ApiOkResponse({
    description:
      'that URL already had a session; it is returned, with the motion settings of this request applied to it',
    type: Schemas.SessionInfo,
  })
  @ApiErrorResponses({
    400: 'URL refused (scheme, form, length)',
    409: 'max_sessions reached',
    422: 'not a camera stream (content type, codec)',
    429: 'open_rate_limit_per_min reached; Retry-After says when to try again',
    502: 'the camera refused (401, 404, connection refused, no video)',
    503: 'proxy_mode is "proxy" and a proxy engine cannot be had (the message says why)',
    504: 'no frames within verify_timeout_s',
  })
  async open(
    @Body() body: OpenSessionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionInfo> {
    const result = await this.sessions.open(body);
    void reply.status(result.created ? 201 : 200);
    return result.session;
  }

  @Post('close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a session (a running recording is finalised first)' })
  @ApiOkResponse({ description: 'closed', type: Schemas.CloseSessionResponse })
  @ApiErrorResponses({
    400: 'session_id is not a session UUID',
    404: 'unknown session_id',
    409: "the session is a saved camera's (disable or delete the camera instead)",
  })
  async close(@Body() body: CloseSessionDto): Promise<CloseSessionResponse> {
    await this.sessions.closeUnsaved(body.session_id);
    return { session_id: body.session_id, closed: true };
  }
}
