import { Logger } from '@nestjs/common';
import { ClipRecording, VideoLibrary, type MediaTools } from '@camrec/recording';
import type { MotionEvent } from '@camrec/shared-types';
import type { AppConfig } from '../config/app-config';
import type { SessionEntry } from '../session/session.service';
import type { PreRollService } from './pre-roll.service';

/**
 * The clip of one motion event: starts at the keyframe at or before `pre_roll_s` before the
 * motion began, ends when the event ends (post-roll after the motion stopped), then gets
 * `trigger: "motion"`, the event id and the pre-roll in its metadata.
 */
export class MotionClip {
  private readonly logger = new Logger('motion');

  private constructor(
    private readonly recording: ClipRecording,
    private readonly preRoll: ReturnType<PreRollService['start']>['preRoll'],
    private readonly library: VideoLibrary,
    private readonly eventId: string,
  ) {}

  static async start(
    entry: SessionEntry,
    event: MotionEvent,
    motionBeganAt: number,
    preRollS: number,
    deps: { config: AppConfig; tools: MediaTools; preRoll: PreRollService },
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
    });
    return new MotionClip(recording, source.preRoll, new VideoLibrary(config.videos_dir), event.id);
  }

  get filename(): string {
    return this.recording.filename;
  }

  get active(): boolean {
    return this.recording.active;
  }

  /** Finalises the clip and tags it; resolves once the video is listed as a motion clip. */
  async finish(): Promise<void> {
    const video = await this.recording.stop();
    const preRoll = this.preRoll
      ? {
          asked_s: this.preRoll.asked_s,
          delivered_s: this.preRoll.delivered_s,
          keyframe_interval_s: this.preRoll.keyframe_interval_s,
        }
      : undefined;
    await this.library.annotate(video.filename, {
      trigger: 'motion',
      event_id: this.eventId,
      ...(preRoll ? { pre_roll: preRoll } : {}),
    });
    this.logger.log(`motion clip ${video.filename} is final: ${video.duration_s} s`);
  }
}
