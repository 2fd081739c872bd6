import { Module } from '@nestjs/common';
import { CameraSession } from '@camrec/media';
import { CameraSessionFactory } from './session-entry';
import { SessionEvents } from './session-events';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';

@Module({
  controllers: [SessionController],
  providers: [
    SessionService,
    SessionEvents,
    {
      provide: CameraSessionFactory,
      useValue: { create: (options) => new CameraSession(options) } satisfies CameraSessionFactory,
    },
  ],
  exports: [SessionService, SessionEvents],
})
export class SessionModule {}
