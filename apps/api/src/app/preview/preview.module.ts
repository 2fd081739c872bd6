import { Module } from '@nestjs/common';
import { SessionModule } from '../session/session.module';
import { PreviewService } from './preview.service';
import { StreamGateway } from './stream.gateway';

@Module({ imports: [SessionModule], providers: [PreviewService, StreamGateway] })
export class PreviewModule {}
