import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { readMp4FileLayout, usablePartLength, type Mp4FileLayout } from '../mp4-file-layout';
import { parseSegmentFilePath, SEGMENT_PART_SUFFIX } from './segment-path';
import type { SegmentFacts } from './segment-sink';
import { SegmentSpan } from './segment-span';
import { readFragmentVideo, readVideoSetup } from './video-timing';

/**
 * The facts of a final segment file, for re-indexing from the folder: start from its name,
 * the rest from its boxes (headers and `moof`s only, never the media: no ffprobe, no reading
 * of megabytes, so thousands of files re-index in seconds).
 */
export async function readSegmentFacts(absolutePath: string): Promise<SegmentFacts> {
  const startMs = segmentStart(absolutePath);
  const layout = await readMp4FileLayout(absolutePath);
  const usable = usablePartLength(layout);
  const facts = usable === null ? null : await countFragments(absolutePath, layout, startMs);
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
  const startMs = segmentStart(finalPath);
  const layout = await readMp4FileLayout(absolutePartPath);
  const usable = usablePartLength(layout);
  const facts = usable === null ? null : await countFragments(absolutePartPath, layout, startMs);
  if (!facts || usable === null) {
    await rm(absolutePartPath, { force: true });
    return null;
  }
  if (usable < layout.fileSize) {
    const file = await open(absolutePartPath, 'r+');
    try {
      await file.truncate(usable);
      await file.datasync();
    } finally {
      await file.close();
    }
  }
  await rename(absolutePartPath, finalPath);
  return facts;
}

function segmentStart(path: string): number {
  const parts = parseSegmentFilePath(path);
  if (!parts) throw new Error(`${path} is not a continuous segment name`);
  return parts.startMs;
}

/**
 * Counts the complete fragments after the init, as the recorder did while writing; null when
 * the first one is not a keyframe (or there is none, or no video track).
 */
async function countFragments(
  path: string,
  layout: Mp4FileLayout,
  startMs: number,
): Promise<SegmentFacts | null> {
  const file = await open(path, 'r');
  try {
    const [ftyp, moov] = layout.boxes;
    const setup = readVideoSetup(await readRange(file, ftyp.start, moov.end));
    if (!setup) return null;
    let span: SegmentSpan | null = null;
    let bytes = moov.end;
    for (let i = 2; i + 1 < layout.boxes.length; i += 1) {
      const [moof, mdat] = [layout.boxes[i], layout.boxes[i + 1]];
      if (moof.type !== 'moof' || mdat.type !== 'mdat') continue;
      i += 1;
      bytes = mdat.end;
      const video = readFragmentVideo(await readRange(file, moof.start, moof.end), setup);
      if (!video) continue;
      if (!span && !video.keyframe) return null;
      span ??= new SegmentSpan(startMs, setup.codec, setup.timescale, video.decode);
      span.add(video.decode, video.duration, video.frames, video.keyframe);
    }
    return span?.facts(bytes) ?? null;
  } finally {
    await file.close();
  }
}

async function readRange(file: FileHandle, start: number, end: number): Promise<Buffer> {
  const buffer = Buffer.alloc(end - start);
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, start + filled);
    if (bytesRead === 0) throw new Error(`unexpected end of file at ${start + filled}`);
    filled += bytesRead;
  }
  return buffer;
}
