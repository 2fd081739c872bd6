import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { RetentionService } from './retention.service';

@Module({
  imports: [EventsModule],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
