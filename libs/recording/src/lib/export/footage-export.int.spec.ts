import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcessRegistry } from '@camrec/process';
import { CameraSession, StreamHub } from '@camrec/media';
import { startMjpegCamera } from '@camrec/testing/camera-sim';
import { SegmentRecorder } from '../continuous/segment-recorder';
import {
  feedHub,
  MemorySink,
  sessionOptions,
  testRecorderOptions,
} from '../continuous/test-support/segment-test-support';
import { makeFragmentedMp4, toPackets } from '../test-support/mp4-fixtures';
import { type ExportSegment, planExport } from './export-args';
import { ExportError, FootageExport } from './footage-export';
import { frameIndices, sleep, videoPacketTimes } from '@camrec/testing';

const SIZE = { width: 320, height: 180 };
const FPS = 10;

/** The video stream's codec parameters, as ffprobe reports them. */
function videoStream(file: string): Record<string, string> {
  const out = execFileSync('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-of', 'json'],
    ...['-show_entries', 'stream=codec_name,profile,level,width,height,pix_fmt,duration', file],
  ]);
  return JSON.parse(out.toString()).streams[0];
}

function streamTypes(file: string): string[] {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_type',
    '-of',
    'csv=p=0',
    file,
  ]);
  return out.toString().trim().split('\n').sort();
}

/** Each video packet's MD5, in order: equal lists mean the same bytes (nothing re-encoded). */
function packetDigests(file: string): string[] {
  return execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-map', '0:v', '-c', 'copy', '-f', 'framemd5', '-'],
    {
      maxBuffer: 64 << 20,
    },
  )
    .toString()
    .split('\n')
    .filter((line) => /^\d/.test(line))
    .map((line) => line.split(',').at(-1)?.trim() ?? '');
}

/**
 * The command lines of the processes started (registered) while `run` ran: what ffmpeg was
 * asked to do, as the process list shows it.
 */
async function processesDuring(registry: ChildProcessRegistry, run: () => Promise<unknown>) {
  const registered = jest.spyOn(registry, 'register');
  try {
    await run();
    return registered.mock.calls.map(([child]) => child.commandLine);
  } finally {
    registered.mockRestore();
  }
}
/** An ffmpeg video encoder named on a command line (`-c copy` copies every stream). */
const ENCODER = /-c(?::v)? (?!copy\b)\S+/;

describe('FootageExport: a range of continuous segments as one MP4, streams copied', () => {
  let dir: string;
  const registry = new ChildProcessRegistry();
  const tools = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', registry };
  /** For JPEG frames only: a run that encoded anything else would fail the byte-for-byte test. */
  const encode = { preset: 'veryfast', crf: 23 };
  let segments: ExportSegment[];
  let source: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-export-'));
    // 400 s of a camera (a keyframe every second, AAC) recorded into 60 s segments.
    const mp4 = makeFragmentedMp4({
      seconds: 400,
      fps: FPS,
      gop: FPS,
      audio: true,
      size: '320x180',
      frameIndex: true,
    });
    source = join(dir, 'source.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'mp4', '-i', 'pipe:0', '-c', 'copy', source], {
      input: mp4,
    });
    const hub = new StreamHub();
    const sink = new MemorySink(dir);
    const recorder = await SegmentRecorder.start(
      testRecorderOptions(
        { cameraId: 'cam-1', hub, videosDir: dir, sourceType: 'rtsp', sink, registry },
        { segmentS: 60 },
      ),
    );
    await feedHub(hub, toPackets(mp4));
    await recorder.stop();
    segments = sink.segments().map((s) => ({
      path: join(dir, s.path),
      startMs: s.startMs,
      endMs: s.endMs,
      storage: 'copy',
    }));
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    expect(registry.size).toBe(0);
  });

  it('exports 5 minutes from between two keyframes: exact length, first frame at the in-point, same bytes', async () => {
    expect(segments.length).toBeGreaterThanOrEqual(6);
    const t0 = segments[0].startMs;
    // 90.35 s in: between frames 903 and 904, 0.35 s after the keyframe of frame 900.
    const start = t0 + 90_350;
    const end = start + 300_000;
    const output = join(dir, 'export.mp4');
    const progress: number[] = [];
    let bytes = 0;
    const commands = await processesDuring(registry, async () => {
      const exporting = await FootageExport.start({
        name: 'export test',
        segments,
        startMs: start,
        endMs: end,
        outputPath: output,
        tools,
        encode,
        onProgress: (fraction) => progress.push(fraction),
      });
      ({ bytes } = await exporting.done);
    });
    // No encoder ran: one ffmpeg, copying every stream.
    expect(commands).toHaveLength(1);
    expect(commands[0]).toContain(' -c copy ');
    expect(commands[0]).not.toMatch(ENCODER);
    expect(bytes).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);

    const video = videoStream(output);
    expect(video).toEqual({ ...videoStream(source), duration: expect.any(String) });
    expect(streamTypes(output)).toEqual(['audio', 'video']);
    // The range's length, within a frame.
    expect(Math.abs(Number(video.duration) - 300)).toBeLessThanOrEqual(1 / FPS);
    // Displayed from the in-point (an edit list over the keyframe before it), to the out-point.
    const shown = frameIndices(output, SIZE.width, SIZE.height);
    expect(shown[0]).toBeGreaterThanOrEqual(903);
    expect(shown[0]).toBeLessThanOrEqual(904);
    expect(Math.abs(shown.length - 3000)).toBeLessThanOrEqual(1);
    // And every video packet is a source packet, byte for byte, from the keyframe before the
    // in-point on.
    const exported = packetDigests(output);
    const original = packetDigests(source);
    expect(exported).toEqual(original.slice(900, 900 + exported.length));
    expect(existsSync(`${output}.concat.txt`)).toBe(false);
  }, 60_000);

  it('exports from within the first keyframe interval of a segment: from the in-point, not the next keyframe', async () => {
    // 0.35 s after the second segment's first frame (its keyframe): the first file of the list.
    const t0 = segments[0].startMs;
    const start = segments[1].startMs + 350;
    const inFrame = Math.floor(((start - t0) * FPS) / 1000);
    const output = join(dir, 'first-gop.mp4');
    const exporting = await FootageExport.start({
      name: 'export first gop',
      segments,
      startMs: start,
      endMs: start + 10_000,
      outputPath: output,
      tools,
      encode,
    });
    await exporting.done;
    expect(Math.abs(Number(videoStream(output).duration) - 10)).toBeLessThanOrEqual(1 / FPS);
    const shown = frameIndices(output, SIZE.width, SIZE.height);
    expect(shown[0]).toBeGreaterThanOrEqual(inFrame);
    expect(shown[0]).toBeLessThanOrEqual(inFrame + 1);
    expect(Math.abs(shown.length - 100)).toBeLessThanOrEqual(1);
  }, 60_000);

  it('skips a gap between segments instead of counting it', () => {
    const a = { path: '/a.mp4', startMs: 0, endMs: 60_000, storage: 'copy' } as const;
    const b = { path: "/it's b.mp4", startMs: 90_000, endMs: 150_000, storage: 'copy' } as const;
    expect(planExport([a, b], 30_000, 120_000)).toEqual({
      list: "file '/a.mp4'\nduration 60.000\nfile '/it'\\''s b.mp4'\nduration 60.000\n",
      segments: [a, b],
      offsetS: 30,
      durationS: 60,
      jpegFrames: false,
    });
    expect(() => planExport([a], 70_000, 80_000)).toThrow('no footage in the range');
  });

  it('refuses a range whose footage changes between JPEG frames and video, naming where', () => {
    const a = { path: '/a.mp4', startMs: 0, endMs: 60_000, storage: 'h264' } as const;
    const b = { path: '/b.mp4', startMs: 60_000, endMs: 120_000, storage: 'jpeg' } as const;
    expect(() => planExport([a, b], 30_000, 90_000)).toThrow(
      'the footage changes from video to JPEG frames at 1970-01-01T00:01:00.000Z',
    );
    // Either part alone is fine.
    expect(planExport([a, b], 60_000, 90_000).jpegFrames).toBe(true);
    expect(planExport([a, b], 0, 50_000).jpegFrames).toBe(false);
  });

  it('refuses footage whose file is gone, rather than ending the export early as if whole', async () => {
    const moved = `${segments[1].path}.moved`;
    renameSync(segments[1].path, moved);
    try {
      await expect(
        FootageExport.start({
          name: 'export missing',
          segments,
          startMs: segments[0].startMs,
          endMs: segments[2].endMs,
          outputPath: join(dir, 'missing.mp4'),
          tools,
          encode,
        }),
      ).rejects.toThrow(/is missing from the disk \(.*was deleted outside the app\)/);
    } finally {
      renameSync(moved, segments[1].path);
    }
    expect(readdirSync(dir).filter((name) => name.startsWith('missing'))).toEqual([]);
  });

  it('fails an export that ffmpeg ends short of the footage, saying how far it got', async () => {
    // The index says the last segment runs 5 s longer than its file holds.
    const last = segments.length - 1;
    const longer = segments.map((s, i) => (i === last ? { ...s, endMs: s.endMs + 5000 } : s));
    const output = join(dir, 'short.mp4');
    const exporting = await FootageExport.start({
      name: 'export short',
      segments: longer,
      startMs: longer[last - 1].startMs,
      endMs: longer[last].endMs,
      outputPath: output,
      tools,
      encode,
    });
    await expect(exporting.done).rejects.toThrow(
      /^ffmpeg wrote [\d.]+ s of the [\d.]+ s of footage/,
    );
    expect(readdirSync(dir).filter((name) => name.startsWith('short'))).toEqual([]);
  });

  it('cancels: ffmpeg ends and nothing is left behind', async () => {
    const output = join(dir, 'cancelled.mp4');
    const exporting = await FootageExport.start({
      name: 'export cancelled',
      segments,
      startMs: segments[0].startMs,
      endMs: segments.at(-1)!.endMs,
      outputPath: output,
      tools,
      encode,
    });
    exporting.cancel();
    await expect(exporting.done).rejects.toThrow(ExportError);
    expect(readdirSync(dir).filter((name) => name.startsWith('cancelled'))).toEqual([]);
  });
});

describe('FootageExport of footage kept as JPEG frames (mjpeg_storage jpeg)', () => {
  let dir: string;
  const registry = new ChildProcessRegistry();
  const tools = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', registry };
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'camrec-export-jpeg-'))));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    expect(registry.size).toBe(0);
  });

  it('encodes it to H.264 from the frame at the in-point to the out-point, every frame once', async () => {
    const camera = await startMjpegCamera({ ...SIZE, fps: FPS });
    const session = new CameraSession(sessionOptions('cam-jpeg', camera.url, registry));
    const sink = new MemorySink(dir);
    try {
      await session.open();
      const recorder = await SegmentRecorder.start(
        testRecorderOptions(
          {
            cameraId: 'cam-jpeg',
            hub: session.hub,
            videosDir: dir,
            sourceType: 'mjpeg',
            sink,
            registry,
          },
          { mjpegStorage: 'jpeg' },
        ),
      );
      await sleep(7000);
      await recorder.stop();
    } finally {
      await session.close();
      await camera.stop();
    }
    const segments: ExportSegment[] = sink.segments().map((s) => ({
      path: join(dir, s.path),
      startMs: s.startMs,
      endMs: s.endMs,
      storage: 'jpeg',
    }));
    expect(segments.length).toBeGreaterThanOrEqual(3);
    // Every stored frame and its instant: a segment starts at its first frame.
    const stored = segments.flatMap((segment) => {
      const indices = frameIndices(segment.path, SIZE.width, SIZE.height);
      const times = videoPacketTimes(segment.path);
      return indices.map((index, i) => ({
        index,
        atMs: segment.startMs + (times[i] - times[0]) * 1000,
      }));
    });
    // From inside the first segment to inside the last: across segment boundaries.
    const start = segments[0].startMs + 1250;
    const end = segments.at(-1)!.startMs + 500;
    const output = join(dir, 'jpeg-export.mp4');
    const commands = await processesDuring(registry, async () => {
      const exporting = await FootageExport.start({
        name: 'export jpeg',
        segments,
        startMs: start,
        endMs: end,
        outputPath: output,
        tools,
        encode: { preset: 'veryfast', crf: 23 },
      });
      await exporting.done;
    });
    // JPEG frames are the one footage an export encodes.
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(ENCODER);

    expect(videoStream(output)).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', ...SIZE });
    const shown = frameIndices(output, SIZE.width, SIZE.height);
    const inRange = stored.filter((frame) => frame.atMs >= start && frame.atMs < end);
    // The frames of the range, in order, none twice or missing (within a frame at each end).
    const from = stored.findIndex((frame) => frame.index === shown[0]);
    expect(Math.abs(from - stored.indexOf(inRange[0]))).toBeLessThanOrEqual(1);
    expect(shown).toEqual(stored.slice(from, from + shown.length).map((frame) => frame.index));
    expect(Math.abs(shown.length - inRange.length)).toBeLessThanOrEqual(1);
  }, 60_000);
});
