import { open, rename, rm } from 'node:fs/promises';
import { parseSegmentFilePath, SEGMENT_PART_SUFFIX } from './segment-path';
import { scanSegmentFile } from './segment-scan';
import type { SegmentFacts } from './segment-sink';

/**
 * The facts of a final segment file, for re-indexing from the folder: start from its name,
 * the rest from its boxes (see scanSegmentFile: no ffprobe, no copy of the media).
 */
export async function readSegmentFacts(absolutePath: string): Promise<SegmentFacts> {
  const { facts } = await scanSegmentFile(absolutePath, segmentStart(absolutePath));
  if (!facts) throw new Error(`${absolutePath} holds no complete keyframe fragment`);
  return facts;
}

/**
 * Makes the `.part` a crash left behind final: cuts a box the crash interrupted, renames it
 * to its final name and returns its facts; a `.part` without a complete keyframe fragment
 * holds nothing to keep and is deleted (null).
 */
export async function repairSegment(absolutePartPath: string): Promise<SegmentFacts | null> {
  if (!absolutePartPath.endsWith(SEGMENT_PART_SUFFIX)) {
    throw new Error(`${absolutePartPath} is not a segment .part`);
  }
  const finalPath = absolutePartPath.slice(0, -SEGMENT_PART_SUFFIX.length);
  const scan = await scanSegmentFile(absolutePartPath, segmentStart(finalPath));
  if (!scan.facts) {
    await rm(absolutePartPath, { force: true });
    return null;
  }
  if (scan.usableBytes < scan.fileBytes) {
    const file = await open(absolutePartPath, 'r+');
    try {
      await file.truncate(scan.usableBytes);
      await file.datasync();
    } finally {
      await file.close();
    }
  }
  await rename(absolutePartPath, finalPath);
  return scan.facts;
}

function segmentStart(path: string): number {
  const parts = parseSegmentFilePath(path);
  if (!parts) throw new Error(`${path} is not a continuous segment name`);
  return parts.startMs;
}
