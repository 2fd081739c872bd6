import { ChildProcessRegistry } from '@camrec/process';
import { StreamHub } from '@camrec/media';
import { SegmentRecorder } from '@camrec/recording';
import {
  MemorySink,
  feedHub,
  feedJpegHub,
  makeFragmentedMp4,
  makeFrameIndexJpegs,
  testRecorderOptions,
  toPackets,
} from '@camrec/recording/testing';

export interface FootageCamera {
  id: string;
  /** Seconds per segment, as the camera's `segment_s`. */
  segmentS: number;
}

export interface FootageOptions {
  /** The server's videos folder (`continuous/<id>/<day>/…` goes in it). */
  videosDir: string;
  cameras: FootageCamera[];
  /** When the first frame was "recorded", Unix ms (whole ms). */
  startMs: number;
  seconds: number;
  fps?: number;
  size?: string;
  /**
   * `jpeg`: an MJPEG camera's frames kept as they came (`mjpeg_storage: "jpeg"`); default
   * `video`, H.264 as an RTSP camera's.
   */
  storage?: 'video' | 'jpeg';
}

export interface WrittenSegment {
  cameraId: string;
  path: string;
  startMs: number;
  endMs: number;
  frames: number;
}

export interface Footage {
  startMs: number;
  endMs: number;
  fps: number;
  frames: number;
  segments: WrittenSegment[];
  /** The index of the frame on screen at `ms` (the one recorded at or before it). */
  frameAt(ms: number): number;
  /** When frame `index` was recorded, Unix ms. */
  timeOf(index: number): number;
}

/**
 * Footage whose frames carry their index (the frame-index bar), written into a server's
 * videos folder exactly as continuous recording writes it — a SegmentRecorder fed through a
 * StreamHub — but in seconds instead of minutes: ffmpeg makes the fMP4 once, and each camera's
 * hub is fed faster than real time with the fragments stamped as if they had arrived from
 * `startMs` on. Every camera gets the same frames at the same instants. The server indexes the
 * files when it starts.
 */
export async function writeFrameIndexFootage(options: FootageOptions): Promise<Footage> {
  const fps = options.fps ?? 10;
  const frameMs = 1000 / fps;
  const size = options.size ?? '320x240';
  const jpeg = options.storage === 'jpeg';
  const packets = jpeg
    ? []
    : toPackets(
        makeFragmentedMp4({ seconds: options.seconds, fps, gop: fps, frameIndex: true, size }),
      );
  const jpegs = jpeg ? makeFrameIndexJpegs(options.seconds * fps, size) : [];
  const registry = new ChildProcessRegistry();
  const segments: WrittenSegment[] = [];
  for (const camera of options.cameras) {
    const hub = new StreamHub();
    const sink = new MemorySink(options.videosDir);
    const recorder = await SegmentRecorder.start(
      testRecorderOptions(
        {
          cameraId: camera.id,
          hub,
          videosDir: options.videosDir,
          sourceType: jpeg ? 'mjpeg' : 'rtsp',
          sink,
          registry,
        },
        {
          segmentS: camera.segmentS,
          maxQueueBytes: 512 * 1024 * 1024,
          ...(jpeg ? { mjpegStorage: 'jpeg' as const } : {}),
        },
      ),
    );
    if (jpeg) await feedJpegHub(hub, jpegs, { frameMs, speed: 200, clockStartMs: options.startMs });
    else await feedHub(hub, packets, { speed: 200, clockStartMs: options.startMs });
    await recorder.stop();
    for (const segment of sink.segments()) {
      segments.push({
        cameraId: camera.id,
        path: segment.path,
        startMs: segment.startMs,
        endMs: segment.endMs,
        frames: segment.frames,
      });
    }
  }
  const frames = jpeg ? jpegs.length : packets.length - 1;
  return {
    startMs: options.startMs,
    endMs: options.startMs + frames * frameMs,
    fps,
    frames,
    segments,
    frameAt: (ms) => Math.floor((ms - options.startMs) / frameMs + 1e-6),
    timeOf: (index) => options.startMs + index * frameMs,
  };
}
