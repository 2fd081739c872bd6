// Footage the bench writes itself instead of recording it (the index query, the day range): a
// camera's back-to-back rows for @camrec/catalog, a hard link to one file at each row's path,
// and a server started on that folder.
import { linkSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NewSegment } from '@camrec/catalog';
import { segmentPath } from '@camrec/recording';
import type { LaunchedServer } from '@camrec/testing';
import { startServer } from '../processes';

/** What every generated row says its file holds. */
export interface RowContent {
  bytes: number;
  frames: number;
  codec: string;
}

/** One camera's rows: back to back from `startMs`, `count` of them, at its own segment paths. */
export function rowsOf(
  cameraId: string,
  startMs: number,
  count: number,
  segmentMs: number,
  content: RowContent,
): NewSegment[] {
  return Array.from({ length: count }, (_, k) => {
    const start = startMs + k * segmentMs;
    return {
      camera_id: cameraId,
      path: segmentPath(cameraId, start),
      start_ms: start,
      end_ms: start + segmentMs,
      ...content,
      storage: 'copy',
    };
  });
}

/**
 * A hard link to `source` at each row's path under `videosDir` (the server's start drops the
 * rows whose file is missing): the fastest way to make hundreds of thousands of files, and no
 * disk used. `source` must lie on the same file system.
 */
export function linkRowFiles(videosDir: string, rows: NewSegment[], source: string): void {
  let folder = '';
  for (const row of rows) {
    const file = join(videosDir, row.path);
    if (dirname(file) !== folder) {
      folder = dirname(file);
      mkdirSync(folder, { recursive: true });
    }
    linkSync(source, file);
  }
}

/**
 * The production server on a generated folder (index_path in its config). Its start reconciles
 * every row with its file: 172,800 rows of the full index run take a while.
 */
export const startServerOn = (videosDir: string, indexPath: string): Promise<LaunchedServer> =>
  startServer({ index_path: indexPath, videos_dir: videosDir }, { readyTimeoutMs: 180_000 });
