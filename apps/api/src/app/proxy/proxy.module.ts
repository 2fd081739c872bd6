import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { ProxyLayer, RtspRelay } from '@camrec/proxy';
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
    {
      // Direct mode's way to keep camera passwords off ffmpeg's command line; lives as long
      // as the server.
      provide: RtspRelay,
      useFactory: async () => {
        const relay = new RtspRelay();
        await relay.start();
        return relay;
      },
    },
  ],
  exports: [ProxyLayer, RtspRelay],
})
export class ProxyModule implements OnApplicationShutdown {
  constructor(private readonly relay: RtspRelay) {}

  /** Global modules shut down after the sessions, so no ingest still reads from the relay. */
  onApplicationShutdown(): Promise<void> {
    return this.relay.stop();
  }
}
