import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Catalog } from '@camrec/catalog';
import type { IndexHealth } from '@camrec/shared-types';
import { AppConfig } from '../config/app-config';
import { ClipIndex } from './clip-index';

/** Where the index is, and why it is only in memory when it could not be opened. */
@Injectable()
export class IndexState {
  path = '';
  reason: string | null = null;

  health(): IndexHealth {
    return { path: this.path, persistent: this.reason === null, reason: this.reason };
  }
}

/** Closes the index once everything that writes to it has stopped. */
@Injectable()
class CatalogCloser implements OnApplicationShutdown {
  constructor(@Inject(Catalog) private readonly catalog: Catalog) {}

  async onApplicationShutdown(): Promise<void> {
    await this.catalog.close();
  }
}

/**
 * The metadata index (libs/catalog): saved cameras, segments, clips, events, offline periods.
 * A server whose index cannot be opened (an unusable videos folder) still starts, with the
 * index in memory: /health says why, and saving a camera answers 507 with the reason.
 */
@Global()
@Module({
  providers: [
    IndexState,
    {
      provide: Catalog,
      inject: [AppConfig, IndexState],
      useFactory: async (config: AppConfig, state: IndexState): Promise<Catalog> => {
        const logger = new Logger('catalog');
        const path = config.index_path;
        if (path === null) throw new Error('index_path is resolved when the config is loaded');
        state.path = path;
        try {
          const catalog = await Catalog.open(path);
          logger.log(`index ${path}${catalog.isNew ? ' (new)' : ''}`);
          return catalog;
        } catch (error) {
          state.reason = `the index ${path} cannot be opened: ${(error as Error).message}`;
          logger.error(`${state.reason}; it is kept in memory until the server stops`);
          return Catalog.inMemory();
        }
      },
    },
    CatalogCloser,
    ClipIndex,
  ],
  exports: [Catalog, ClipIndex, IndexState],
})
export class CatalogModule {}
