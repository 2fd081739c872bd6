/**
 * Recording names, as in the seed: `{session_id}_{YYYYMMDD-HHMMSS}.mp4` (local time).
 * A session id is letters, digits and dashes (a UUID), so the `_` separates unambiguously.
 */
export const RECORDING_NAME_PATTERN = /^([A-Za-z0-9][A-Za-z0-9-]{0,63})_(\d{8})-(\d{6})\.mp4$/;

export const PART_SUFFIX = '.part';

export interface RecordingNameParts {
  sessionId: string;
  /** The local time written in the name. */
  startedAt: Date;
}

export function recordingName(sessionId: string, at: Date): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(sessionId)) {
    throw new Error(`session id ${JSON.stringify(sessionId)} cannot be part of a recording name`);
  }
  const date = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `${sessionId}_${date}-${time}.mp4`;
}

/** Null when `name` is not exactly a recording name (no path, no other suffix). */
export function parseRecordingName(name: string): RecordingNameParts | null {
  const match = RECORDING_NAME_PATTERN.exec(name);
  if (!match) return null;
  const [, sessionId, date, time] = match;
  const startedAt = new Date(
    Number(date.slice(0, 4)),
    Number(date.slice(4, 6)) - 1,
    Number(date.slice(6, 8)),
    Number(time.slice(0, 2)),
    Number(time.slice(2, 4)),
    Number(time.slice(4, 6)),
  );
  return Number.isNaN(startedAt.getTime()) ? null : { sessionId, startedAt };
}

/** The files that belong to one recording, by role. */
export function recordingFiles(videoName: string): {
  video: string;
  part: string;
  thumbnail: string;
  metadata: string;
} {
  const stem = videoName.slice(0, -'.mp4'.length);
  return {
    video: videoName,
    part: `${videoName}${PART_SUFFIX}`,
    thumbnail: `${stem}.jpg`,
    metadata: `${stem}.json`,
  };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
