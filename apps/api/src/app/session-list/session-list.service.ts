import { Injectable } from '@nestjs/common';
import type { SessionListResponse } from '@camrec/shared-types';
import { AppConfig } from '../config/app-config';
import { MotionService } from '../motion/motion.service';
import { RecordingService } from '../recording/recording.service';
import { toSessionListItem } from '../session/session-mapper';
import { SessionService } from '../session/session.service';

/**
 * `/session/list`: each session with what the features doing work on it say (recording,
 * motion). It sits above them, so that the session service knows none of them.
 */
@Injectable()
export class SessionListService {
  constructor(
    private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly recording: RecordingService,
    private readonly motion: MotionService,
  ) {}

  list(): SessionListResponse {
    const sessions = this.sessions
      .all()
      .map((entry) =>
        toSessionListItem(entry, this.recording.isRecording(entry.id), this.motion.state(entry.id)),
      );
    return { sessions, max_sessions: this.config.max_sessions };
  }
}
