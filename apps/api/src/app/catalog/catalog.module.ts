import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Catalog } from '@camrec/catalog';
import { AppConfig } from '../config/app-config';

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
 * A server that cannot open it does not start: it could keep no camera.
 */
@Global()
@Module({
  providers: [
    {
      provide: Catalog,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<Catalog> => {
        const path = config.index_path;
        if (path === null) throw new Error('index_path is resolved when the config is loaded');
        try {
          const catalog = await Catalog.open(path);
          new Logger('catalog').log(`index ${path}${catalog.isNew ? ' (new)' : ''}`);
          return catalog;
        } catch (error) {
          throw new Error(`cannot open the index ${path}: ${(error as Error).message}`);
        }
      },
    },
    CatalogCloser,
  ],
  exports: [Catalog],
})
export class CatalogModule {}
