import { readFile, rename, writeFile } from 'node:fs/promises';

/** How a recording ended, for `/record/status` once the server no longer holds it. */
export interface RecordingOutcome {
  state: 'completed' | 'stopped' | 'failed';
  /** The requested duration in seconds; null = until stopped. */
  duration: number | null;
  error?: string;
}

/**
 * What is known about a finished video, kept beside it as `NAME.json` so that listing the
 * library reads small files instead of running ffprobe on every video for every request.
 */
export interface VideoMetadata {
  filename: string;
  session_id: string;
  /** The saved camera it was recorded from; absent or null for an unsaved session's. */
  camera_id?: string | null;
  /** When the recording started (ISO 8601). */
  created_at: string;
  duration_s: number;
  size_bytes: number;
  width: number;
  height: number;
  video_codec: string;
  audio_codec: string | null;
  /** False when the thumbnail could not be made (the video itself is fine). */
  has_thumbnail: boolean;
  /** Absent for videos recovered after a crash or copied in. */
  recording?: RecordingOutcome;
  /** Added after the recording: absent means a manual recording, not kept. */
  trigger?: 'manual' | 'motion' | 'export';
  event_id?: string;
  pre_roll?: { asked_s: number; delivered_s: number; keyframe_interval_s: number | null };
  keep?: boolean;
}

/** The fields that may be added to a finished video's metadata. */
export type VideoAnnotations = Pick<VideoMetadata, 'trigger' | 'event_id' | 'pre_roll' | 'keep'>;

/**
 * What `NAME.json` holds while `NAME.mp4.part` is being written: what the recording is (a
 * motion clip, its event, its pre-roll), so that recovery after a crash keeps it. Finalising
 * replaces it with the full metadata; the library never lists it (it is not VideoMetadata).
 */
export interface InProgressMetadata extends VideoAnnotations {
  in_progress: true;
  filename: string;
  session_id: string;
  created_at: string;
}

export async function writeVideoMetadata(
  filePath: string,
  metadata: VideoMetadata | InProgressMetadata,
): Promise<void> {
  // Written whole under another name, then renamed: a reader never sees half a file.
  const temporary = `${filePath}.tmp`;
  await writeFile(temporary, `${JSON.stringify(metadata, null, 2)}\n`, 'utf8');
  await rename(temporary, filePath);
}

/** Null when the file is missing or holds no in-progress metadata (e.g. it is final). */
export async function readInProgressMetadata(filePath: string): Promise<InProgressMetadata | null> {
  let parsed: Partial<InProgressMetadata> | null;
  try {
    parsed = JSON.parse(await readFile(filePath, 'utf8'));
  } catch {
    return null;
  }
  return typeof parsed === 'object' &&
    parsed !== null &&
    parsed.in_progress === true &&
    typeof parsed.filename === 'string' &&
    typeof parsed.created_at === 'string' &&
    !Number.isNaN(Date.parse(parsed.created_at))
    ? (parsed as InProgressMetadata)
    : null;
}

/** Null when the file is missing or is not metadata this code wrote. */
export async function readVideoMetadata(filePath: string): Promise<VideoMetadata | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(filePath, 'utf8'));
  } catch {
    return null;
  }
  return isVideoMetadata(parsed) ? parsed : null;
}

function isVideoMetadata(value: unknown): value is VideoMetadata {
  const v = value as Partial<VideoMetadata> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.filename === 'string' &&
    typeof v.session_id === 'string' &&
    typeof v.created_at === 'string' &&
    typeof v.duration_s === 'number' &&
    typeof v.size_bytes === 'number' &&
    typeof v.width === 'number' &&
    typeof v.height === 'number' &&
    typeof v.video_codec === 'string' &&
    (v.audio_codec === null || typeof v.audio_codec === 'string')
  );
}
