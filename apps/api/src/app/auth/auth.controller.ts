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
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthStatus } from '@camrec/shared-types';
import { AccessPolicy, AUTH_COOKIE } from './access-policy';
import { Public } from './access.guard';
import { SignInDto } from './sign-in.dto';

/** The dashboard's sign-in: the token once, then an HttpOnly cookie (the WebSocket accepts it too). */
@ApiTags('auth')
@Controller('auth')
@Public()
export class AuthController {
  constructor(private readonly policy: AccessPolicy) {}

  @Get('status')
  @ApiOperation({ summary: 'Whether a token is needed and whether this client has it' })
  status(@Req() request: FastifyRequest): AuthStatus {
    return this.policy.status(request.headers);
  }

  @Post('sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange the access token for an HttpOnly, SameSite=Strict cookie' })
  @ApiResponse({ status: 401, description: 'wrong token' })
  signIn(@Body() body: SignInDto, @Res({ passthrough: true }) reply: FastifyReply): AuthStatus {
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

  @Post('sign-out')
  @HttpCode(200)
  @ApiOperation({ summary: 'Forget the sign-in cookie' })
  signOut(@Res({ passthrough: true }) reply: FastifyReply): { signed_in: false } {
    void reply.clearCookie(AUTH_COOKIE, { path: '/' });
    return { signed_in: false };
  }
}
