import { Module } from '@nestjs/common';
import { SessionModule } from '../session/session.module';
import { JpegPreviews } from './jpeg-previews';
import { PreviewService } from './preview.service';
import { StreamGateway } from './stream.gateway';

@Module({ imports: [SessionModule], providers: [PreviewService, JpegPreviews, StreamGateway] })
export class PreviewModule {}
