import { Module } from '@nestjs/common';
import { MotionModule } from '../motion/motion.module';
import { SessionModule } from '../session/session.module';
import { JpegPreviews } from './jpeg-previews';
import { PreviewService } from './preview.service';
import { StreamGateway } from './stream.gateway';

@Module({
  imports: [SessionModule, MotionModule],
  providers: [PreviewService, JpegPreviews, StreamGateway],
  exports: [PreviewService],
})
export class PreviewModule {}
