import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CONTINUOUS_FOLDER,
  isValidCameraId,
  parseSegmentPath,
  SEGMENT_PART_SUFFIX,
} from './segment-path';

export interface SegmentFiles {
  /** Final segments, relative to the videos folder (forward slashes), oldest first per camera. */
  final: string[];
  /** `.part` files a crash left behind (make them final with repairSegment), same form. */
  parts: string[];
}

/**
 * Every segment file under `<videosDir>/continuous`, for the start-up reconciliation of the
 * index with the folder (a row without its file, a file without its row, a `.part`). Only
 * names the recorder writes are listed; anything else there is left alone.
 */
export async function listSegmentFiles(videosDir: string): Promise<SegmentFiles> {
  const found: SegmentFiles = { final: [], parts: [] };
  for (const camera of await subfolders(join(videosDir, CONTINUOUS_FOLDER))) {
    if (!isValidCameraId(camera)) continue;
    for (const day of await subfolders(join(videosDir, CONTINUOUS_FOLDER, camera))) {
      const names = await readdir(join(videosDir, CONTINUOUS_FOLDER, camera, day));
      for (const name of names.sort()) {
        const part = name.endsWith(SEGMENT_PART_SUFFIX);
        const path = `${CONTINUOUS_FOLDER}/${camera}/${day}/${name}`;
        const finalPath = part ? path.slice(0, -SEGMENT_PART_SUFFIX.length) : path;
        if (parseSegmentPath(finalPath)) (part ? found.parts : found.final).push(path);
      }
    }
  }
  return found;
}

async function subfolders(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
