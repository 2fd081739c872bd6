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
