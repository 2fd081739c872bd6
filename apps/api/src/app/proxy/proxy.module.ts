import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ChildProcessRegistry } from '@camrec/process';
import { ProxyLayer } from '@camrec/proxy';
import { RtspRelay } from '@camrec/rtsp';
import { AppConfig } from '../config/app-config';

const logger = new Logger('proxy');

/** The proxy engines (MediaMTX, go2rtc) or direct reading, chosen per session by ProxyLayer. */
@Global()
@Module({
  providers: [
    {
      provide: ProxyLayer,
      inject: [AppConfig, ChildProcessRegistry],
      useFactory: (config: AppConfig, registry: ChildProcessRegistry) =>
        new ProxyLayer({
          mode: config.proxy_mode,
          autoDownload: config.auto_download,
          registry,
          log: (level, message) => logger[level === 'info' ? 'log' : level](message),
          sourceReadyTimeoutMs: config.verify_timeout_s * 1000,
          engines: {
            mediamtx: {
              configuredPath: config.mediamtx_path,
              searchPath: config.search_path,
              binariesDir: config.binaries_dir,
              rtspPort: config.mediamtx_port,
            },
            go2rtc: {
              configuredPath: config.go2rtc_path,
              searchPath: config.search_path,
              binariesDir: config.binaries_dir,
              rtspPort: config.go2rtc_port,
            },
          },
        }),
    },
    {
      // The one hop between every RTSP ingest and its camera (or engine): keeps camera
      // passwords off ffmpeg's command line and reads the cameras' sender-report clocks;
      // lives as long as the server.
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
  constructor(
    @Inject(ProxyLayer) private readonly proxy: ProxyLayer,
    @Inject(RtspRelay) private readonly relay: RtspRelay,
  ) {}

  /**
   * Ends the engines, any download in flight and the relay. Global modules shut down after the
   * sessions, so no ingest still reads from them.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.proxy.stop(), this.relay.stop()]);
  }
}
