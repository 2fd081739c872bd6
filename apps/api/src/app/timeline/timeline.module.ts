import { Module } from '@nestjs/common';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';
import { JpegFramesService } from './jpeg-frames.service';
import { PlaybackController } from './playback.controller';
import { PlaybackService } from './playback.service';
import { RangeVideoController } from './range-video.controller';
import { RangeVideoService } from './range-video.service';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';

@Module({
  controllers: [TimelineController, ExportsController, PlaybackController, RangeVideoController],
  providers: [
    TimelineService,
    ExportsService,
    PlaybackService,
    RangeVideoService,
    JpegFramesService,
  ],
})
export class TimelineModule {}
