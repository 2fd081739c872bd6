/** A polygon in picture coordinates from 0 (left/top) to 1 (right/bottom): [[x, y], …]. */
export type MotionZone = [number, number][];

/** A box in picture coordinates from 0 to 1: [x, y, width, height]. */
export type MotionBox = [number, number, number, number];

/** `PUT /session/:id/motion` body (also `motion` in `/session/open`). */
export interface MotionSettingsRequest {
  enabled: boolean;
  /** 1 (only big, sharp changes) to 100 (the faintest change); default 50. */
  sensitivity?: number;
  /** Smallest moving area that counts, in percent of the picture; default 0.5. */
  min_area_pct?: number;
  /** Areas where nothing counts as motion (a tree, a road, a timestamp). */
  zones_excluded?: MotionZone[];
  /** Record a clip of each event; default false. */
  record?: boolean;
  /** Seconds before the motion that the clip includes, 0–30; default 5. */
  pre_roll_s?: number;
  /** Seconds after the motion stopped that the clip and the event last, 0–120; default 10. */
  post_roll_s?: number;
}

export type MotionSettings = Required<MotionSettingsRequest>;

/** Why motion analysis cannot run (OpenCV missing, …); null when it can. */
export interface MotionAvailability {
  available: boolean;
  reason: string | null;
}

/** `GET /session/:id/motion`. */
export interface MotionSettingsResponse extends MotionSettings {
  session_id: string;
  availability: MotionAvailability;
  /**
   * The pre-roll a clip can really get, from the camera's keyframe interval, in words, e.g.
   * "pre-roll 4 s asked, 4.8 s delivered: keyframes every 2 s"; null before it is known.
   */
  pre_roll_note: string | null;
}

/** The `motion` part of a `/session/list` item. */
export interface SessionMotionState {
  enabled: boolean;
  /** True while motion is seen. */
  active: boolean;
  /** Share of the picture changed in the last analysed frame, 0–1. */
  score: number;
  last_event_at: string | null;
}

/** `/stream` message, sent when the state changes and at most 5 times per second. */
export interface StreamMotionMessage {
  type: 'motion';
  active: boolean;
  score: number;
  boxes: MotionBox[];
}

export interface MotionEvent {
  id: string;
  session_id: string;
  /** The saved camera whose motion it was; null for a session of a pasted URL. */
  camera_id: string | null;
  started_at: string;
  /** When the motion stopped; null while the event goes on. */
  ended_at: string | null;
  peak_score: number;
  /** The clip of the event, when `record` was on. */
  filename: string | null;
  thumbnail_url: string | null;
}

export interface MotionEventListResponse {
  events: MotionEvent[];
}

/** How much of a clip precedes the moment it was asked for. */
export interface PreRollInfo {
  asked_s: number;
  delivered_s: number;
  /** Seconds between keyframes when known. */
  keyframe_interval_s: number | null;
}

/** `/health` → `motion`. */
export interface MotionHealth extends MotionAvailability {
  /** e.g. "4.6.0" once OpenCV is loaded: when a session first analyses motion, not before. */
  opencv_version: string | null;
  /** Sessions analysing motion now. */
  sessions_analysing: number;
}

/** One clip that retention deleted. */
export interface RetentionDeletion {
  filename: string;
  deleted_at: string;
  /** Which limit it was deleted for, in words. */
  reason: string;
}

/** `/health` → `retention`. */
export interface RetentionHealth {
  max_gb: number | null;
  min_free_gb: number | null;
  days: number | null;
  continuous_days: number | null;
  events_days: number | null;
  /** Bytes of videos in the library, and free bytes on its disk (null when unknown). */
  used_bytes: number;
  free_bytes: number | null;
  /** The latest deletions, newest first. */
  recent_deletions: RetentionDeletion[];
}
