import type { PreRollInfo } from './motion';

export interface VideoItem {
  filename: string;
  size_bytes: number;
  duration_s: number;
  created_at: string;
  session_id: string;
  /** The saved camera it was recorded from; null for an unsaved session's. */
  camera_id: string | null;
  width: number;
  height: number;
  video_codec: string;
  audio_codec: string | null;
  thumbnail_url: string;
  /** What started the recording. */
  trigger: 'manual' | 'motion' | 'export';
  /** The motion event of a motion clip, else null. */
  event_id: string | null;
  /** Pre-roll asked for and delivered, when the clip had one. */
  pre_roll: PreRollInfo | null;
  /** Retention never deletes a kept clip. */
  keep: boolean;
}

/** `PATCH /videos/:filename`. */
export interface UpdateVideoRequest {
  keep: boolean;
}

export interface VideoListResponse {
  videos: VideoItem[];
}
