import {
  CanActivate,
  ExecutionContext,
  HttpException,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { AccessPolicy, type Refusal } from './access-policy';

const PUBLIC_ROUTE = 'camrec:public-route';
const SCRAPE_ROUTE = 'camrec:scrape-route';

/** A route that answers without the access token (`/health`, sign-in). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** A route Prometheus scrapes (`/metrics`): `metrics_token` opens it, as does the access token. */
export const ScrapeRoute = () => SetMetadata(SCRAPE_ROUTE, true);

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
    const refusal = this.policy.checkBody(method, headers) ?? this.checkToken(context, headers);
    if (refusal) throw new HttpException(refusal.message, refusal.status);
    return true;
  }

  private checkToken(context: ExecutionContext, headers: IncomingHttpHeaders): Refusal | null {
    const marked = (key: string) =>
      this.reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]);
    if (marked(PUBLIC_ROUTE)) return null;
    if (marked(SCRAPE_ROUTE)) return this.policy.checkScrapeToken(headers);
    return this.policy.checkToken(headers);
  }
}
