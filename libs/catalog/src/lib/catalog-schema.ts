import type { CameraRecordMode, MjpegStorage } from '@camrec/shared-types';
import type { Generated, Selectable } from 'kysely';

/*
 * The tables as stored. Times are integer Unix milliseconds; flags are 0/1 integers (SQLite has
 * no boolean, and better-sqlite3 cannot bind one); JSON columns are TEXT. The stores turn flags
 * and JSON into JS values, so a dialect with real booleans/JSON changes only the stores.
 */

export interface MetaTable {
  key: string;
  value: string;
}

export interface CamerasTable {
  id: string;
  name: string;
  /** `name` folded for the case-insensitive uniqueness (done in JS: SQLite's lower() is ASCII-only). */
  name_key: string;
  /** With credentials: masking is the caller's job. */
  url: string;
  substream_url: string | null;
  enabled: number;
  record_mode: CameraRecordMode;
  segment_s: number;
  mjpeg_storage: MjpegStorage;
  insecure_tls: number;
  /** JSON of the motion settings. */
  motion: string;
  /** The ONVIF device service kept for PTZ, its user and password (masking is the caller's job). */
  onvif_address: string | null;
  onvif_username: string | null;
  onvif_password: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/** How a segment is stored: the camera's H.264/H.265 as it came, an MJPEG camera encoded, or its JPEGs. */
export type SegmentStorage = 'copy' | 'h264' | 'jpeg';
export type SegmentState = 'writing' | 'final';

export interface SegmentsTable {
  id: Generated<number>;
  camera_id: string;
  /** Relative to the videos folder. */
  path: string;
  start_ms: number;
  end_ms: number;
  bytes: number;
  frames: number;
  codec: string;
  storage: SegmentStorage;
  state: SegmentState;
}

/** Bytes and count of each camera's final segments, kept in step by SegmentStore. */
export interface SegmentTotalsTable {
  camera_id: string;
  bytes: number;
  segments: number;
}

export type ClipTrigger = 'manual' | 'motion' | 'export';
export type ClipState = 'recording' | 'final';

export interface ClipsTable {
  filename: string;
  camera_id: string | null;
  session_id: string;
  trigger: ClipTrigger;
  event_id: string | null;
  start_ms: number;
  end_ms: number;
  bytes: number;
  keep: number;
  state: ClipState;
  /** JSON of the video's metadata as the library lists it. */
  metadata: string;
}

export interface EventsTable {
  id: string;
  camera_id: string | null;
  session_id: string;
  start_ms: number;
  /** Null while the event lasts. */
  end_ms: number | null;
  peak_score: number;
  clip_filename: string | null;
}

export interface OfflinePeriodsTable {
  id: Generated<number>;
  camera_id: string;
  start_ms: number;
  /** Null while the camera is still offline. */
  end_ms: number | null;
  reason: string;
}

export interface KeptRangesTable {
  id: Generated<number>;
  camera_id: string;
  start_ms: number;
  end_ms: number;
  note: string;
  created_at: number;
}

export type ExportState = 'pending' | 'writing' | 'done' | 'failed';

export interface ExportsTable {
  id: string;
  filename: string;
  /** JSON array of camera ids. */
  camera_ids: string;
  start_ms: number;
  end_ms: number;
  state: ExportState;
  /** 0–1. */
  progress: number;
  bytes: number;
  error: string | null;
  created_at: number;
}

export interface CatalogSchema {
  meta: MetaTable;
  cameras: CamerasTable;
  segments: SegmentsTable;
  segment_totals: SegmentTotalsTable;
  clips: ClipsTable;
  events: EventsTable;
  offline_periods: OfflinePeriodsTable;
  kept_ranges: KeptRangesTable;
  exports: ExportsTable;
}

export type SegmentRow = Selectable<SegmentsTable>;
export type EventRow = Selectable<EventsTable>;
export type OfflinePeriodRow = Selectable<OfflinePeriodsTable>;
export type KeptRangeRow = Selectable<KeptRangesTable>;
