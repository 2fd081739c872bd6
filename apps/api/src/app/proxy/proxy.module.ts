import { Global, Module } from '@nestjs/common';
import { ProxyLayer } from '@camrec/proxy';
import { AppConfig } from '../config/app-config';

@Global()
@Module({
  providers: [
    {
      provide: ProxyLayer,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new ProxyLayer({
          mode: config.proxy_mode,
          engines: {
            mediamtx: {
              configuredPath: config.mediamtx_path,
              searchPath: config.search_path,
              binariesDir: config.binaries_dir,
            },
            go2rtc: {
              configuredPath: config.go2rtc_path,
              searchPath: config.search_path,
              binariesDir: config.binaries_dir,
            },
          },
        }),
    },
  ],
  exports: [ProxyLayer],
})
export class ProxyModule {}
