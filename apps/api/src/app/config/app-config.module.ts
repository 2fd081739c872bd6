import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { appConfigNamespace } from './load-app-config';

/**
 * Hands the one validated configuration to @nestjs/config (namespace `app`, through
 * `ConfigService` everywhere) and makes it injectable as the typed `AppConfig`.
 */
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    const namespace = appConfigNamespace(config);
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [namespace],
        }),
      ],
      providers: [
        { provide: AppConfig, useFactory: (app: AppConfig) => app, inject: [namespace.KEY] },
      ],
      exports: [AppConfig, ConfigModule],
    };
  }
}
