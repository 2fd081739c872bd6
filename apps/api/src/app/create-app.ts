import { ValidationPipe } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { AppModule } from './app.module';
import { AccessCheckedWsAdapter } from './auth/access-checked-ws-adapter';
import { AccessPolicy } from './auth/access-policy';
import { refuseForeignSites } from './auth/refuse-foreign-sites';
import { AppConfig } from './config/app-config';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { boundedJsonParser } from './errors/bounded-json';
import { drainOversizedBodies } from './errors/drain-oversized-body';
import { AppLogger } from './logging/app-logger';
import { setupOpenApi } from './openapi';

/** Request bodies are small JSON objects; anything bigger is a mistake or an attack. */
const BODY_LIMIT_BYTES = 64 * 1024;

/** Builds the application (used by main.ts and by the end-to-end tests). */
export async function createApp(
  config: AppConfig,
  logger = new AppLogger(config.log_level),
): Promise<NestFastifyApplication> {
  const options = {
    bodyLimit: BODY_LIMIT_BYTES,
    // Shutting down cuts requests in flight instead of awaiting them: an open still verifying a
    // camera (up to verify_timeout_s per attempt) or a paused download must not hold the exit.
    forceCloseConnections: true,
  };
  // With tls_cert/tls_key the one port speaks HTTPS (and WSS) only.
  const adapter = new FastifyAdapter(
    config.tls_cert && config.tls_key
      ? {
          ...options,
          https: { cert: readFileSync(config.tls_cert), key: readFileSync(config.tls_key) },
        }
      : options,
  );
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forConfig(config),
    adapter,
    // Nest's parsers would accept HTML forms; JSON is the only body this API reads.
    { logger, bodyParser: false },
  );
  const policy = app.get(AccessPolicy);
  const fastify = app.get(HttpAdapterHost).httpAdapter.getInstance<FastifyInstance>();
  refuseForeignSites(fastify, policy);
  drainOversizedBodies(fastify, BODY_LIMIT_BYTES);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    boundedJsonParser(fastify),
  );
  await fastify.register(fastifyCookie);
  // Routes opt in with `@RouteConfig({ rateLimit: {} })`; counted per client address.
  await fastify.register(fastifyRateLimit, {
    global: false,
    max: config.open_rate_limit_per_min,
    timeWindow: 60_000,
  });
  // Same origin only (no CORS headers at all) unless cors_origins names more; foreign origins
  // got their 403 in refuseForeignSites already.
  if (config.cors_origins.length > 0) {
    app.enableCors({ origin: config.cors_origins, credentials: true });
  }
  // WebSocket upgrades are served by the same HTTP server as the REST API (one port).
  app.useWebSocketAdapter(new AccessCheckedWsAdapter(app, policy));
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.useGlobalFilters(new ApiExceptionFilter());
  setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}
