/** A stretch of time, ISO 8601. */
export interface TimeSpan {
  start: string;
  /** Null while it goes on (an offline period, an event). */
  end: string | null;
}

/** Motion events, one marker each, or several close together as one (`count` > 1). */
export interface TimelineEventMarker extends TimeSpan {
  /** The event's id when the marker is one event; null for a group. */
  id: string | null;
  count: number;
  peak_score: number;
  /** The clip of a single event, when it has one. */
  clip: string | null;
}

export interface TimelineClip extends TimeSpan {
  filename: string;
  trigger: 'manual' | 'motion' | 'export';
  keep: boolean;
}

export interface TimelineOfflinePeriod extends TimeSpan {
  reason: string;
}

export interface TimelineKeptRange extends TimeSpan {
  id: number;
  note: string;
}

/** `GET /cameras/:id/timeline`: what a camera has between two instants, fit for one view. */
export interface CameraTimeline {
  camera_id: string;
  start: string;
  end: string;
  /**
   * The shortest gap shown: recorded spans closer than this are one span, events closer than
   * this one marker (about the range / 2000: a week at a glance is a few hundred spans).
   */
  resolution_ms: number;
  /** Continuous footage, segments merged. */
  recorded: TimeSpan[];
  offline: TimelineOfflinePeriod[];
  events: TimelineEventMarker[];
  clips: TimelineClip[];
  kept: TimelineKeptRange[];
}

/** `GET /timeline?cameras=a,b`: the same for several cameras, for a view that plays them in sync. */
export interface MultiCameraTimeline {
  start: string;
  end: string;
  resolution_ms: number;
  cameras: CameraTimeline[];
}

export type ExportState = 'pending' | 'writing' | 'done' | 'failed';

/** `POST /exports` body: one camera's footage between two instants, as one MP4. */
export interface CreateExportRequest {
  camera_id: string;
  /** ISO 8601 with a zone, or Unix ms. */
  start: string;
  end: string;
}

/** A saved export: kept in the library (never deleted by retention) until deleted. */
export interface ExportInfo {
  id: string;
  camera_id: string;
  start: string;
  end: string;
  state: ExportState;
  /** 0–1 while it is written. */
  progress: number;
  /** The video in the library once done (`/videos/:filename`). */
  filename: string | null;
  bytes: number;
  /** Why it failed. */
  error: string | null;
  created_at: string;
}

export interface ExportListResponse {
  exports: ExportInfo[];
}

/** `POST /cameras/:id/kept` body: a range of a camera's footage retention must never delete. */
export interface CreateKeptRangeRequest {
  start: string;
  end: string;
  note?: string;
}

/**
 * `GET /cameras/:id/jpeg-frames` answers footage kept as JPEG frames as records laid end to end,
 * one per frame, oldest first: this many header bytes — float64 capture time (Unix ms), float64
 * duration (ms: the frame is shown until the next one's time), uint32 JPEG length, all
 * big-endian — then the JPEG itself.
 */
export const FOOTAGE_FRAME_HEADER_BYTES = 20;
