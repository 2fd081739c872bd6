import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { WsAdapter } from '@nestjs/platform-ws';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { AppLogger } from './logging/app-logger';
import { setupOpenApi } from './openapi';

/** Request bodies are small JSON objects; anything bigger is a mistake or an attack. */
const BODY_LIMIT_BYTES = 64 * 1024;

/** Builds the application (used by main.ts and by the end-to-end tests). */
export async function createApp(
  config: AppConfig,
  logger = new AppLogger(config.log_level),
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forConfig(config),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
    { logger },
  );
  // WebSocket upgrades are served by the same HTTP server as the REST API (one port).
  app.useWebSocketAdapter(new WsAdapter(app));
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.useGlobalFilters(new ApiExceptionFilter());
  setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}
