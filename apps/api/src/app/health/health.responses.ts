import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';
import { AuthStatus } from '../auth/auth.responses';
import { MotionHealth } from '../motion/motion.responses';
import { RetentionHealth } from '../retention/retention.responses';

// Each class implements its shared-types interface, so the documented shape cannot drift
// from what the handlers return; the class names become the schema names.

export class FfmpegHealth implements Api.FfmpegHealth {
  @ApiProperty({ example: 'ffmpeg' })
  path!: string;

  @ApiProperty({ type: String, nullable: true, example: '5.1.9-0+deb12u1' })
  version!: string | null;

  @ApiPropertyOptional({ description: 'Why the program is unusable' })
  error?: string;
}

export class ProxyEngineHealth implements Api.ProxyEngineHealth {
  @ApiProperty({ enum: ['mediamtx', 'go2rtc'] satisfies Api.ProxyEngineName[] })
  name!: Api.ProxyEngineName;

  @ApiProperty({
    enum: [
      'running',
      'starting',
      'stopped',
      'downloading',
      'unavailable',
      'failed',
    ] satisfies Api.ProxyEngineState[],
  })
  state!: Api.ProxyEngineState;

  @ApiProperty({ type: String, nullable: true, description: 'Resolved binary path' })
  binary!: string | null;

  @ApiProperty({
    enum: ['proxy', 'direct'],
    description: "Whether this engine's cameras go through it ('direct': read the camera)",
  })
  effective_mode!: 'proxy' | 'direct';

  @ApiPropertyOptional({ description: 'Download progress while downloading', example: 42 })
  percent?: number;

  @ApiPropertyOptional({ description: 'The engine process while it runs' })
  pid?: number;

  @ApiPropertyOptional({ description: 'Why the engine is not running' })
  reason?: string;
}

export class ProxyHealth implements Api.ProxyHealth {
  @ApiProperty({ enum: ['auto', 'proxy', 'direct'] satisfies Api.ProxyMode[] })
  mode!: Api.ProxyMode;

  @ApiProperty({
    enum: ['proxy', 'direct', 'mixed'],
    description: "'mixed' when one engine can be used and the other cannot",
  })
  effective_mode!: 'proxy' | 'direct' | 'mixed';

  @ApiProperty({ type: () => [ProxyEngineHealth] })
  engines!: ProxyEngineHealth[];
}

export class SessionCounts {
  @ApiProperty()
  active!: number;

  @ApiProperty()
  max!: number;
}

export class IndexHealth implements Api.IndexHealth {
  @ApiProperty({ example: '/var/lib/camera-recorder/videos/index.sqlite' })
  path!: string;

  @ApiProperty({ description: 'False when the index lives in memory only (see reason)' })
  persistent!: boolean;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
}

export class CameraCounts implements Api.CameraCounts {
  @ApiProperty({ description: 'Saved cameras' })
  saved!: number;

  @ApiProperty({ description: 'Saved cameras whose main stream is open' })
  online!: number;

  @ApiProperty({ description: 'config max_cameras' })
  max!: number;
}

export class MqttHealth implements Api.MqttHealth {
  @ApiProperty({
    enum: ['off', 'connected', 'disconnected'] satisfies Api.MqttState[],
    description: "'off' when mqtt_url is null",
  })
  state!: Api.MqttState;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The broker, password masked',
    example: 'mqtt://nvr:***@127.0.0.1:1883',
  })
  broker!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the broker cannot be reached or refused the login; null while connected',
    example: 'connect ECONNREFUSED 127.0.0.1:1883',
  })
  last_error!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the current connection was made; null while not connected',
  })
  connected_since!: string | null;
}

export class HealthResponse implements Api.HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'] satisfies Api.HealthStatus[] })
  status!: Api.HealthStatus;

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty()
  uptime_s!: number;

  @ApiProperty({ type: () => FfmpegHealth })
  ffmpeg!: FfmpegHealth;

  @ApiProperty({ type: () => FfmpegHealth })
  ffprobe!: FfmpegHealth;

  @ApiProperty({ type: () => ProxyHealth })
  proxy!: ProxyHealth;

  @ApiProperty({ type: () => SessionCounts })
  sessions!: SessionCounts;

  @ApiProperty({ type: String, nullable: true, description: 'The demo camera URL when it runs' })
  demo_camera_url!: string | null;

  @ApiProperty({ type: () => MotionHealth })
  motion!: MotionHealth;

  @ApiProperty({ type: () => RetentionHealth })
  retention!: RetentionHealth;

  @ApiProperty({ type: () => IndexHealth })
  index!: IndexHealth;

  @ApiProperty({ type: () => CameraCounts })
  cameras!: CameraCounts;

  @ApiProperty({ type: () => MqttHealth })
  mqtt!: MqttHealth;

  @ApiPropertyOptional({ type: () => AuthStatus, description: 'Access control as configured' })
  security?: AuthStatus;
}

export class AnonymousHealthResponse implements Api.AnonymousHealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'] satisfies Api.HealthStatus[] })
  status!: Api.HealthStatus;
}
