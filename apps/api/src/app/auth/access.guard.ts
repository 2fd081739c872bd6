import {
  CanActivate,
  ExecutionContext,
  HttpException,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessPolicy } from './access-policy';

const PUBLIC_ROUTE = 'camrec:public-route';

/** A route that answers without the access token (`/health`, sign-in). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Global guard of every API route: JSON-only bodies on state-changing routes, and the access
 * token when the server listens beyond loopback. (Host and Origin are checked earlier, for
 * every request including the dashboard's files: see `refuseForeignSites`.)
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const { method, headers } = context.switchToHttp().getRequest<FastifyRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const refusal =
      this.policy.checkBody(method, headers) ?? (isPublic ? null : this.policy.checkToken(headers));
    if (refusal) throw new HttpException(refusal.message, refusal.status);
    return true;
  }
}
