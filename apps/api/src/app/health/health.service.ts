import { Injectable } from '@nestjs/common';
import type { FfmpegHealth, HealthResponse } from '@camrec/shared-types';
import { ChildProcessRegistry } from '@camrec/process';
import { probeFfmpegVersion } from '@camrec/media';
import { ProxyLayer } from '@camrec/proxy';
import { CamerasService } from '../cameras/cameras.service';
import { IndexState } from '../catalog/catalog.module';
import { AppConfig } from '../config/app-config';
import { DemoCameraService } from '../demo/demo-camera.service';
import { MotionService } from '../motion/motion.service';
import { MqttService } from '../mqtt/mqtt.service';
import { RetentionService } from '../retention/retention.service';
import { SessionService } from '../session/session.service';
import { APP_VERSION } from '../version';

/** ffmpeg may be installed while the server runs; probing it more often is wasted work. */
const TOOL_PROBE_TTL_MS = 10_000;

@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();
  private tools?: { at: number; ffmpeg: Promise<FfmpegHealth>; ffprobe: Promise<FfmpegHealth> };

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ChildProcessRegistry,
    private readonly proxy: ProxyLayer,
    private readonly sessions: SessionService,
    private readonly demo: DemoCameraService,
    private readonly motion: MotionService,
    private readonly retention: RetentionService,
    private readonly index: IndexState,
    private readonly cameras: CamerasService,
    private readonly mqtt: MqttService,
  ) {}

  async report(): Promise<HealthResponse> {
    const { ffmpeg, ffprobe } = this.probeTools();
    const [ffmpegHealth, ffprobeHealth, retention] = await Promise.all([
      ffmpeg,
      ffprobe,
      this.retention.health(),
    ]);
    // Missing, broken or too old (the `error` says which).
    const index = this.index.health();
    const usable = !ffmpegHealth.error && !ffprobeHealth.error && index.persistent;
    return {
      status: usable ? 'ok' : 'degraded',
      version: APP_VERSION,
      uptime_s: Math.round((Date.now() - this.startedAt) / 1000),
      ffmpeg: ffmpegHealth,
      ffprobe: ffprobeHealth,
      proxy: this.proxy.health(),
      sessions: { active: this.sessions.count(), max: this.config.max_sessions },
      demo_camera_url: this.demo.url(),
      motion: this.motion.health(),
      retention,
      index,
      cameras: this.cameras.counts(),
      // The recorder does not need the broker: MQTT being down is reported, not "degraded".
      mqtt: this.mqtt.health(),
    };
  }

  private probeTools(): { ffmpeg: Promise<FfmpegHealth>; ffprobe: Promise<FfmpegHealth> } {
    if (!this.tools || Date.now() - this.tools.at > TOOL_PROBE_TTL_MS) {
      this.tools = {
        at: Date.now(),
        ffmpeg: probeFfmpegVersion(this.config.ffmpeg_path, {
          label: 'ffmpeg',
          registry: this.registry,
        }),
        ffprobe: probeFfmpegVersion(this.config.ffprobe_path, {
          label: 'ffprobe',
          registry: this.registry,
        }),
      };
    }
    return this.tools;
  }
}
