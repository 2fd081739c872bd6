import type { VideoItem } from '@camrec/shared-types';

/** `{session_id}_{YYYYMMDD-HHMMSS}.mp4` → the session id part. */
export function sessionIdFromFilename(filename: string): string {
  return filename.replace(/\.mp4$/i, '').replace(/_\d{8}-\d{6}$/, '');
}

/** A card's title: the camera's name when known, else its session id. */
export function videoTitle(video: VideoItem, nameOf: (sessionId: string) => string | null): string {
  const sessionId = video.session_id || sessionIdFromFilename(video.filename);
  return nameOf(sessionId) ?? sessionId;
}
