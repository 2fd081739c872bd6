import { Logger } from '@nestjs/common';
import { ClipRecording, type MediaTools } from '@camrec/recording';
import type { MotionEvent } from '@camrec/shared-types';
import type { ClipIndex } from '../catalog/clip-index';
import type { AppConfig } from '../config/app-config';
import type { SessionEntry } from '../session/session-entry';
import type { PreRollService } from '../recording/pre-roll.service';

/**
 * The clip of one motion event: starts at the keyframe at or before `pre_roll_s` before the
 * motion began, ends when the event ends (post-roll after the motion stopped). Its metadata
 * says `trigger: "motion"`, the event id and the pre-roll from the start (in-progress, kept
 * by crash recovery) to the end.
 */
export class MotionClip {
  private readonly logger = new Logger('motion');

  private constructor(private readonly recording: ClipRecording) {}

  static async start(
    entry: SessionEntry,
    event: MotionEvent,
    motionBeganAt: number,
    preRollS: number,
    deps: { config: AppConfig; tools: MediaTools; preRoll: PreRollService; clips: ClipIndex },
  ): Promise<MotionClip> {
    const { config, tools } = deps;
    const source = deps.preRoll.start(entry.id, preRollS, motionBeganAt);
    const recording = await ClipRecording.start({
      sessionId: entry.id,
      sourceType: entry.camera.sourceType,
      hub: source.hub,
      videosDir: config.videos_dir,
      durationS: null,
      maxDurationS: config.record_max_duration_s,
      tools,
      encode: { preset: config.record_preset, crf: config.record_crf },
      annotations: () => ({
        trigger: 'motion',
        event_id: event.id,
        ...(source.preRoll ? { pre_roll: { ...source.preRoll } } : {}),
      }),
    });
    deps.clips.track(recording, entry.owner?.cameraId ?? null);
    return new MotionClip(recording);
  }

  get filename(): string {
    return this.recording.filename;
  }

  get active(): boolean {
    return this.recording.active;
  }

  /** Finalises the clip; resolves once the video is listed as a motion clip. */
  async finish(): Promise<void> {
    const video = await this.recording.stop();
    this.logger.log(`motion clip ${video.filename} is final: ${video.duration_s} s`);
  }
}
