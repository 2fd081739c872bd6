import { Injectable } from '@nestjs/common';
import type { FfmpegHealth, HealthResponse } from '@camrec/shared-types';
import { ChildProcessRegistry, executableIdentity } from '@camrec/process';
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

/** How soon a probe that found a tool unusable (missing, failing, timed out) is tried again. */
const FAILED_PROBE_RETRY_MS = 10_000;

/**
 * `-version` is asked again when what a tool setting runs changes (`executableIdentity`:
 * ffmpeg installed or upgraded while the server runs), not at every /health. The dashboard
 * asks every 15 s: two processes each time cost the development machine 0.2–0.4 s of CPU, for
 * as long as a dashboard is open.
 */
const toolIdentity = (command: string): string => executableIdentity(command) ?? 'missing';

/** One `-version` probe of ffmpeg and ffprobe, kept while the tools stay the same. */
interface ToolProbe {
  at: number;
  identity: string;
  /** Set once either answered as unusable (not found, failing, no answer in time). */
  unusable: boolean;
  ffmpeg: Promise<FfmpegHealth>;
  ffprobe: Promise<FfmpegHealth>;
}

@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();
  private tools?: ToolProbe;

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

  private probeTools(): ToolProbe {
    const identity = [this.config.ffmpeg_path, this.config.ffprobe_path]
      .map(toolIdentity)
      .join('|');
    const last = this.tools;
    // A probe that found a tool unusable may have met a busy machine (no answer in time).
    const retry = last?.unusable && Date.now() - last.at > FAILED_PROBE_RETRY_MS;
    if (last && last.identity === identity && !retry) return last;
    const probe: ToolProbe = {
      at: Date.now(),
      identity,
      unusable: false,
      ffmpeg: probeFfmpegVersion(this.config.ffmpeg_path, {
        label: 'ffmpeg',
        registry: this.registry,
      }),
      ffprobe: probeFfmpegVersion(this.config.ffprobe_path, {
        label: 'ffprobe',
        registry: this.registry,
      }),
    };
    void Promise.all([probe.ffmpeg, probe.ffprobe]).then(
      (tools) => (probe.unusable = tools.some((tool) => tool.version === null)),
      () => (probe.unusable = true),
    );
    this.tools = probe;
    return probe;
  }
}
