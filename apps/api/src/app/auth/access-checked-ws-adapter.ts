import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { IncomingMessage } from 'node:http';
import { AccessPolicy } from './access-policy';

type VerifyCallback = (ok: boolean, status?: number, message?: string) => void;

/**
 * WebSocket upgrades pass the same Host, Origin and token checks as HTTP requests. ws calls
 * `verifyClient` before completing the handshake, so a refused client gets a plain HTTP
 * answer (403, 421, 401) and no gateway handler ever runs.
 */
export class AccessCheckedWsAdapter extends WsAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly policy: AccessPolicy,
  ) {
    super(app);
  }

  override create(port: number, options: Record<string, unknown> = {}): unknown {
    return super.create(port, {
      ...options,
      verifyClient: (info: { req: IncomingMessage }, done: VerifyCallback) => {
        const headers = info.req.headers;
        const refusal = this.policy.checkSite(headers) ?? this.policy.checkToken(headers);
        if (refusal) done(false, refusal.status, refusal.message);
        else done(true);
      },
    });
  }
}
