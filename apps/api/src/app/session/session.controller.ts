import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CloseSessionResponse, SessionInfo, SessionListResponse } from '@camrec/shared-types';
import { CloseSessionDto, OpenSessionDto } from './session.dto';
import { SessionService } from './session.service';

@ApiTags('sessions')
@Controller('session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post('open')
  // open_rate_limit_per_min per client (create-app registers the limiter).
  @RouteConfig({ rateLimit: {} })
  @ApiOperation({ summary: 'Open a camera: verifies that frames arrive, then returns the session' })
  @ApiResponse({ status: 201, description: 'opened' })
  @ApiResponse({ status: 200, description: 'that URL already had a session; it is returned' })
  @ApiResponse({ status: 400, description: 'URL refused (scheme, form, length)' })
  @ApiResponse({ status: 409, description: 'max_sessions reached' })
  @ApiResponse({ status: 422, description: 'not a camera stream (content type, codec)' })
  @ApiResponse({ status: 429, description: 'open_rate_limit_per_min reached; see Retry-After' })
  @ApiResponse({
    status: 502,
    description: 'the camera refused (401, 404, connection refused, no video)',
  })
  @ApiResponse({ status: 504, description: 'no frames within verify_timeout_s' })
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
  @ApiResponse({ status: 404, description: 'unknown session_id' })
  async close(@Body() body: CloseSessionDto): Promise<CloseSessionResponse> {
    await this.sessions.close(body.session_id);
    return { session_id: body.session_id, closed: true };
  }

  @Get('list')
  @ApiOperation({ summary: 'Every session with state, viewers, recording and stats' })
  list(): SessionListResponse {
    return this.sessions.list();
  }
}
