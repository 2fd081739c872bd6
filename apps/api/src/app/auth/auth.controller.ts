import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type * as Api from '@camrec/shared-types';
import { ApiErrorResponses } from '../errors/api-error.response';
import { AccessPolicy, AUTH_COOKIE } from './access-policy';
import { Public } from './access.guard';
import { AuthStatus } from './auth.responses';
import { SignInDto } from './sign-in.dto';

/** The dashboard's sign-in: the token once, then an HttpOnly cookie (the WebSocket accepts it too). */
@ApiTags('auth')
@Controller('auth')
@Public()
export class AuthController {
  constructor(private readonly policy: AccessPolicy) {}

  @Get('status')
  @ApiOperation({ summary: 'Whether a token is needed and whether this client has it' })
  @ApiOkResponse({ type: AuthStatus })
  status(@Req() request: FastifyRequest): Api.AuthStatus {
    return this.policy.status(request.headers);
  }

  @Post('sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange the access token for an HttpOnly, SameSite=Strict cookie' })
  @ApiOkResponse({ type: AuthStatus, description: 'signed in; the cookie is set' })
  @ApiErrorResponses({
    400: 'token missing or not a string',
    401: 'not the access token of this server',
    413: 'body larger than 64 KiB',
    415: 'not a JSON body',
  })
  signIn(@Body() body: SignInDto, @Res({ passthrough: true }) reply: FastifyReply): Api.AuthStatus {
    if (!this.policy.validToken(body.token)) {
      throw new UnauthorizedException('that is not the access token of this server');
    }
    void reply.setCookie(AUTH_COOKIE, body.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.policy.tls,
      path: '/',
    });
    return { ...this.policy.status({}), signed_in: true };
  }
}
