import { Controller, DynamicModule, Get, Header, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

/** Serves the built Angular dashboard at `/`; API routes keep precedence. */
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
          serveStaticOptions: { index: ['index.html'] },
        }),
      ],
    };
  }
}
