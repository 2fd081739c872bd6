import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frameIndexBarHeight, frameIndexCells } from '@camrec/testing';
import { childBoxes } from '@camrec/mp4';
import type { Mp4Packet } from '../fragment-writer';

/** Test fixtures: real ffmpeg output, in the form the ingest publishes it. */
export interface FragmentedMp4Options {
  seconds: number;
  fps?: number;
  /** Keyframe interval in frames. */
  gop?: number;
  audio?: boolean;
  size?: string;
  /** Draw each frame's index as the frame-index bar (see @camrec/testing's frame-index). */
  frameIndex?: boolean;
}

/** The frame-index bar as ffmpeg filters: a black band, a white cell per set bit of `n`. */
function frameIndexFilter(size: string): string {
  const [width, height] = size.split('x').map(Number);
  const barHeight = frameIndexBarHeight(height);
  const cells = frameIndexCells(width).map(
    ({ x0, x1 }, k) =>
      `drawbox=x=${x0}:y=0:w=${x1 - x0}:h=${barHeight}:color=white:t=fill:enable=bitand(n\\,${2 ** k})`,
  );
  return [`drawbox=x=0:y=0:w=${width}:h=${barHeight}:color=black:t=fill`, ...cells].join(',');
}

/** H.264 (+AAC) as the ingest writes it: empty moov, one fragment per frame. */
export function makeFragmentedMp4(options: FragmentedMp4Options): Buffer {
  const fps = options.fps ?? 10;
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${options.size ?? '320x240'}:rate=${fps}` +
      (options.frameIndex ? `,${frameIndexFilter(options.size ?? '320x240')}` : ''),
    ...(options.audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : []),
    '-t',
    String(options.seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    String(options.gop ?? fps),
    '-pix_fmt',
    'yuv420p',
    ...(options.audio ? ['-c:a', 'aac'] : []),
    '-f',
    'mp4',
    '-movflags',
    'empty_moov+default_base_moof+frag_every_frame+frag_keyframe',
    'pipe:1',
  ];
  return execFileSync('ffmpeg', args, { maxBuffer: 256 * 1024 * 1024 });
}

/**
 * `count` JPEG frames of the moving test pattern, frame n carrying index n in its frame-index
 * bar: what an MJPEG camera sends, for footage kept as JPEG frames.
 */
export function makeFrameIndexJpegs(count: number, size = '320x240'): Buffer[] {
  const dir = mkdtempSync(join(tmpdir(), 'camrec-index-jpegs-'));
  try {
    execFileSync('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
      ...['-i', `testsrc2=size=${size}:rate=10,${frameIndexFilter(size)}`],
      ...['-frames:v', String(count), '-q:v', '5', join(dir, 'f%06d.jpg')],
    ]);
    return readdirSync(dir)
      .sort()
      .map((name) => readFileSync(join(dir, name)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Splits a fragmented MP4 into the init packet and moof+mdat fragment packets. */
export function toPackets(mp4: Buffer): Mp4Packet[] {
  const boxes = [...childBoxes(mp4, 0, mp4.length)];
  const moovIndex = boxes.findIndex((box) => box.type === 'moov');
  const packets: Mp4Packet[] = [{ type: 'init', data: mp4.subarray(0, boxes[moovIndex].end) }];
  for (let i = moovIndex + 1; i + 1 < boxes.length; i += 1) {
    if (boxes[i].type === 'moof' && boxes[i + 1].type === 'mdat') {
      packets.push({ type: 'fragment', data: mp4.subarray(boxes[i].start, boxes[i + 1].end) });
      i += 1;
    }
  }
  return packets;
}
