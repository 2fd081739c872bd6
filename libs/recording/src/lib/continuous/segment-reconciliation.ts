import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { readSegmentFacts, repairSegment } from './segment-facts';
import { listSegmentFiles } from './segment-folder';
import { parseSegmentPath, SEGMENT_PART_SUFFIX } from './segment-path';
import type { SegmentFacts, SegmentStorage } from './segment-sink';

/** What the reconciliation needs of the index's segment rows (libs/catalog's SegmentStore). */
export interface SegmentIndex {
  writing(): Promise<{ id: number; path: string }[]>;
  allPaths(): Promise<string[]>;
  byPath(path: string): Promise<{ id: number } | undefined>;
  finish(id: number, progress: { endMs: number; bytes: number; frames: number }): Promise<boolean>;
  delete(id: number): Promise<boolean>;
  insertMany(
    rows: {
      camera_id: string;
      path: string;
      start_ms: number;
      end_ms: number;
      bytes: number;
      frames: number;
      codec: string;
      storage: SegmentStorage;
    }[],
  ): Promise<number>;
}

export interface SegmentReconciliation {
  /** `.part` files a crash left, made final (with or without their row). */
  repaired: number;
  /** Final files that had no row. */
  indexed: number;
  /** Rows whose file is gone (or held nothing to keep). */
  dropped: number;
  /** Files that could not be read, with why: left on disk, not indexed. */
  failed: { path: string; reason: string }[];
}

/**
 * Makes the index and the folder agree, after a crash or with a lost index: a segment being
 * written when the server died is cut at its last complete fragment and made final; a file
 * without a row is indexed from its name and boxes; a row without a file is dropped. The files
 * are the truth: nothing on disk is deleted here but `.part`s with no complete frame.
 */
export async function reconcileSegments(
  videosDir: string,
  index: SegmentIndex,
): Promise<SegmentReconciliation> {
  const result: SegmentReconciliation = { repaired: 0, indexed: 0, dropped: 0, failed: [] };
  const files = await listSegmentFiles(videosDir);
  const parts = new Set(files.parts);
  const finals = new Set(files.final);

  for (const row of await index.writing()) {
    const part = `${row.path}${SEGMENT_PART_SUFFIX}`;
    const file = parts.has(part) ? part : finals.has(row.path) ? row.path : null;
    const facts = await readFacts(videosDir, file, result);
    parts.delete(part);
    finals.delete(row.path);
    if (facts) {
      await index.finish(row.id, facts);
      result.repaired++;
    } else {
      await index.delete(row.id);
      result.dropped++;
    }
  }

  const rows = new Set(await index.allPaths());
  const unindexed: Parameters<SegmentIndex['insertMany']>[0] = [];
  const add = (path: string, facts: SegmentFacts) => {
    const name = parseSegmentPath(path);
    if (!name || rows.has(path)) return false;
    unindexed.push({
      camera_id: name.cameraId,
      path,
      start_ms: facts.startMs,
      end_ms: facts.endMs,
      bytes: facts.bytes,
      frames: facts.frames,
      codec: facts.codec,
      storage: storageOfCodec(facts.codec),
    });
    return true;
  };
  for (const part of parts) {
    const facts = await readFacts(videosDir, part, result);
    if (facts && add(part.slice(0, -SEGMENT_PART_SUFFIX.length), facts)) result.repaired++;
  }
  for (const path of finals) {
    if (rows.has(path)) continue;
    const facts = await readFacts(videosDir, path, result);
    if (facts && add(path, facts)) result.indexed++;
  }
  await index.insertMany(unindexed);

  const onDisk = new Set([
    ...files.final,
    ...files.parts.map((part) => part.slice(0, -SEGMENT_PART_SUFFIX.length)),
  ]);
  for (const path of rows) {
    if (onDisk.has(path)) continue;
    const row = await index.byPath(path);
    if (row && (await index.delete(row.id))) result.dropped++;
  }
  return result;
}

/**
 * How a segment found without its row holds its video, from its codec: an `mp4v` track is an
 * MJPEG camera's JPEG frames (the ingest takes no MPEG-4 Part 2 camera), anything else is
 * H.264/H.265 — the camera's own or encoded, which plays the same way.
 */
export function storageOfCodec(codec: string): SegmentStorage {
  return codec.startsWith('mp4v') ? 'jpeg' : 'copy';
}

/**
 * The rows of one camera still "being written" while none of its recorders runs: a recorder
 * that failed (a full disk) could not finish or drop its last row, as it cannot update even the
 * index on a full disk. Before the camera records again, each is made final from its file, or
 * dropped when no file holds anything to keep, as a start-up would.
 */
export async function settleWritingSegments(
  videosDir: string,
  index: Pick<SegmentIndex, 'writing' | 'finish' | 'delete'>,
  cameraId: string,
): Promise<SegmentReconciliation> {
  const result: SegmentReconciliation = { repaired: 0, indexed: 0, dropped: 0, failed: [] };
  for (const row of await index.writing()) {
    if (parseSegmentPath(row.path)?.cameraId !== cameraId) continue;
    const part = `${row.path}${SEGMENT_PART_SUFFIX}`;
    const file = (await exists(join(videosDir, part)))
      ? part
      : (await exists(join(videosDir, row.path)))
        ? row.path
        : null;
    const facts = await readFacts(videosDir, file, result);
    if (facts) {
      await index.finish(row.id, facts);
      result.repaired++;
    } else {
      await index.delete(row.id);
      result.dropped++;
    }
  }
  return result;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Facts of a final file, or of a `.part` once repaired; null (and why, in `result`) if none. */
async function readFacts(
  videosDir: string,
  path: string | null,
  result: SegmentReconciliation,
): Promise<SegmentFacts | null> {
  if (path === null) return null;
  const absolute = join(videosDir, path);
  try {
    return path.endsWith(SEGMENT_PART_SUFFIX)
      ? await repairSegment(absolute)
      : await readSegmentFacts(absolute);
  } catch (error) {
    result.failed.push({ path, reason: (error as Error).message });
    return null;
  }
}
