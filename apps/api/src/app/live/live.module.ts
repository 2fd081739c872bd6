import { Module } from '@nestjs/common';
import { MotionModule } from '../motion/motion.module';
import { SessionModule } from '../session/session.module';
import { JpegPreviews } from './jpeg-previews';
import { LiveService } from './live.service';
import { StreamGateway } from './stream.gateway';

@Module({
  imports: [SessionModule, MotionModule],
  providers: [LiveService, JpegPreviews, StreamGateway],
  exports: [LiveService],
})
export class LiveModule {}
