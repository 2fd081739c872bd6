import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { RetentionModule } from '../retention/retention.module';
import { SessionModule } from '../session/session.module';
import { MotionController } from './motion.controller';
import { MotionService } from './motion.service';
import { PreRollService } from './pre-roll.service';

@Module({
  imports: [SessionModule, EventsModule, RetentionModule],
  controllers: [MotionController],
  providers: [MotionService, PreRollService],
  exports: [MotionService, PreRollService],
})
export class MotionModule {}
