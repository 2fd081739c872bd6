/**
 * Where continuous segments live, relative to the videos folder:
 * `continuous/<cameraId>/<YYYY-MM-DD>/<cameraId>_<YYYYMMDDTHHMMSS.mmmZ>.mp4` (UTC). The name
 * alone gives camera and start, so the index can be rebuilt from the folder; one folder per
 * day keeps directories small and makes retention a matter of whole folders.
 */
export const CONTINUOUS_FOLDER = 'continuous';

/** Suffix of a segment while it is written; renamed away once the file is final. */
export const SEGMENT_PART_SUFFIX = '.part';

/** A camera id that can be a folder and a name prefix: letters, digits, dashes (a UUID). */
const CAMERA_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

const SEGMENT_PATH =
  /^continuous\/([A-Za-z0-9][A-Za-z0-9-]{0,63})\/(\d{4}-\d{2}-\d{2})\/([A-Za-z0-9][A-Za-z0-9-]{0,63})_(\d{8}T\d{6}\.\d{3}Z)\.mp4$/;

export interface SegmentPathParts {
  cameraId: string;
  /** Wall-clock start of the segment, Unix ms. */
  startMs: number;
}

export function isValidCameraId(cameraId: string): boolean {
  return CAMERA_ID.test(cameraId);
}

/** The relative path (forward slashes) of the segment of `cameraId` starting at `startMs`. */
export function segmentPath(cameraId: string, startMs: number): string {
  if (!isValidCameraId(cameraId)) {
    throw new Error(`camera id ${JSON.stringify(cameraId)} cannot name a segment file`);
  }
  const iso = new Date(startMs).toISOString(); // 2025-01-02T03:04:05.678Z
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}T${iso.slice(11, 19).replace(/:/g, '')}${iso.slice(19)}`;
  return `${CONTINUOUS_FOLDER}/${cameraId}/${iso.slice(0, 10)}/${cameraId}_${stamp}.mp4`;
}

/**
 * Camera and start of a final segment from its relative path (either slash); null for
 * anything else, a `.part` included: a name whose parts disagree (camera folder, day folder)
 * is not one the recorder wrote.
 */
export function parseSegmentPath(relativePath: string): SegmentPathParts | null {
  const match = SEGMENT_PATH.exec(relativePath.replace(/\\/g, '/'));
  if (!match) return null;
  const [, folderCamera, day, cameraId, stamp] = match;
  if (folderCamera !== cameraId) return null;
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13)}`;
  const startMs = Date.parse(iso);
  if (Number.isNaN(startMs) || new Date(startMs).toISOString() !== iso) return null;
  if (iso.slice(0, 10) !== day) return null;
  return { cameraId, startMs };
}

/** `parseSegmentPath` for the last three parts of an absolute path (folder, day, name). */
export function parseSegmentFilePath(absolutePath: string): SegmentPathParts | null {
  const parts = absolutePath.replace(/\\/g, '/').split('/');
  return parseSegmentPath([CONTINUOUS_FOLDER, ...parts.slice(-3)].join('/'));
}
