import { Controller, DynamicModule, Get, Header, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { ApiExcludeController } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_ROOT } from '../../install-root';

/** Where the built dashboard is (beside the built API); null before `npm run build`. */
export function findDashboardRoot(): string | null {
  const folder = join(INSTALL_ROOT, 'dist', 'apps', 'web', 'browser');
  return existsSync(join(folder, 'index.html')) ? folder : null;
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
 * Serves the built dashboard with @nestjs/serve-static. On Fastify it registers a route for
 * each file of the build (found at start-up) and renders index.html at `renderPath`. That
 * path is `/` only, not its default catch-all: the dashboard is one page with no client
 * routes, so API paths stay clear of it (its `exclude` option is Express-only) and every
 * unknown path still reaches the API's JSON 404 `{statusCode, error, message}`.
 */
@Module({})
export class WebModule {
  static forRoot(): DynamicModule {
    const root = findDashboardRoot();
    if (!root) return { module: WebModule, controllers: [DashboardMissingController] };
    return {
      module: WebModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: root,
          renderPath: '/',
          serveStaticOptions: {
            // index.html is rendered at `renderPath` above; a second `/` route would clash.
            index: false,
            // Render index.html at `renderPath` rather than answer it with a 404.
            fallthrough: true,
          },
        }),
      ],
    };
  }
}
