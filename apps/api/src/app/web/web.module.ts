import {
  Controller,
  DynamicModule,
  Get,
  Header,
  Inject,
  Module,
  OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const DASHBOARD_ROOT = 'DASHBOARD_ROOT';

/** Where the built dashboard is: beside the built API, or under dist/ when run from source. */
export function findDashboardRoot(): string | null {
  const candidates = [join(__dirname, '..', 'web', 'browser'), resolve('dist/apps/web/browser')];
  return candidates.find((folder) => existsSync(join(folder, 'index.html'))) ?? null;
}

@ApiExcludeController()
@Controller()
class DashboardMissingController {
  @Get()
  @Header('content-type', 'text/plain; charset=utf-8')
  index(): string {
    return 'The dashboard is not built. Run `npm run build` (or `npm start`), then reload.\n';
  }
}

/**
 * Serves the built dashboard's files with @fastify/static. (@nestjs/serve-static was tried:
 * its catch-all route answers every unknown path, API ones included, with a 404 body that
 * lacks the API's error shape.) The dashboard is one page with no client routes, so an
 * unknown path falls through to the API's JSON 404.
 */
@Module({})
export class WebModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(DASHBOARD_ROOT) private readonly root: string | null,
  ) {}

  static forRoot(): DynamicModule {
    const root = findDashboardRoot();
    return {
      module: WebModule,
      providers: [{ provide: DASHBOARD_ROOT, useValue: root }],
      controllers: root ? [] : [DashboardMissingController],
    };
  }

  async onModuleInit(): Promise<void> {
    if (!this.root) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(fastifyStatic, {
      root: this.root,
      index: ['index.html'],
      wildcard: true,
    });
  }
}
