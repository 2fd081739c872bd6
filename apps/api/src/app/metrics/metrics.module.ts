import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { Registry } from 'prom-client';
import { CamerasModule } from '../cameras/cameras.module';
import { MotionModule } from '../motion/motion.module';
import { LiveModule } from '../live/live.module';
import { RetentionModule } from '../retention/retention.module';
import { SessionModule } from '../session/session.module';
import { CameraMetrics } from './camera-metrics';
import { MetricsController } from './metrics.controller';
import { DEFAULT_METRICS_PREFIX, ProcessMetrics } from './process-metrics';
import { StorageMetrics } from './storage-metrics';
import { StreamCounterTotals } from './stream-counter-totals';

/**
 * The app's own registry rather than prom-client's global one: each app (the tests boot
 * several in one process) has its own metrics, read from its own services.
 */
@Module({
  providers: [{ provide: Registry, useFactory: () => new Registry() }],
  exports: [Registry],
})
class MetricsRegistryModule {}

/**
 * Prometheus metrics at `/metrics`: prom-client's default process metrics (CPU, memory, event
 * loop lag, GC) and the app's, each read from the services when Prometheus scrapes (no timer).
 */
@Module({
  imports: [
    MetricsRegistryModule,
    PrometheusModule.registerAsync({
      controller: MetricsController,
      imports: [MetricsRegistryModule],
      inject: [Registry],
      useFactory: (registry) => ({
        defaultMetrics: {
          enabled: true,
          config: { prefix: DEFAULT_METRICS_PREFIX, register: registry as Registry },
        },
      }),
    }),
    CamerasModule,
    MotionModule,
    LiveModule,
    RetentionModule,
    SessionModule,
  ],
  providers: [CameraMetrics, StreamCounterTotals, StorageMetrics, ProcessMetrics],
})
export class MetricsModule {}
