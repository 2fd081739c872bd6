export type RecordingState =
  'idle' | 'recording' | 'finalizing' | 'completed' | 'stopped' | 'failed';

export interface StartRecordingRequest {
  session_id: string;
  /** Seconds, 1..record_max_duration_s; absent = until stopped (still capped). */
  duration?: number;
  /** Seconds before now the clip starts (from the keyframe at or before), 0–30; default 0. */
  pre_roll_s?: number;
}

export interface StopRecordingRequest {
  session_id: string;
}

export interface StartRecordingResponse {
  filename: string;
  started_at: string;
  /** Requested duration in seconds, or null for "until stopped". */
  duration: number | null;
}

export interface StopRecordingResponse {
  filename: string;
  duration_s: number;
  size_bytes: number;
}

export interface RecordingStatus {
  state: RecordingState;
  filename: string | null;
  elapsed_s: number;
  duration: number | null;
  bytes: number;
  /**
   * Seconds the clip is behind the camera: how long ago the oldest frame still waiting to be
   * written arrived. About 0 while it keeps up; a clip whose writer or encoder cannot keep up
   * grows it until its queue's bound fails the recording. 0 when not recording.
   */
  behind_s: number;
  error?: string;
}
