import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { CamerasModule } from './cameras/cameras.module';
import { CatalogModule } from './catalog/catalog.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { DemoModule } from './demo/demo.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { MediaModule } from './media/media.module';
import { MetricsModule } from './metrics/metrics.module';
import { MotionModule } from './motion/motion.module';
import { MqttModule } from './mqtt/mqtt.module';
import { OnvifModule } from './onvif/onvif.module';
import { LiveModule } from './live/live.module';
import { ProxyModule } from './proxy/proxy.module';
import { RecordingModule } from './recording/recording.module';
import { RetentionModule } from './retention/retention.module';
import { SessionModule } from './session/session.module';
import { SessionListModule } from './session-list/session-list.module';
import { TimelineModule } from './timeline/timeline.module';
import { VideosModule } from './videos/videos.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        AuthModule,
        CatalogModule,
        MediaModule,
        ProxyModule,
        SessionModule,
        SessionListModule,
        LiveModule,
        RecordingModule,
        VideosModule,
        MotionModule,
        CamerasModule,
        TimelineModule,
        EventsModule,
        RetentionModule,
        MqttModule,
        OnvifModule,
        DemoModule,
        HealthModule,
        MetricsModule,
        WebModule.forRoot(),
      ],
    };
  }
}
