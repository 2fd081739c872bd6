import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcessRegistry } from '@camrec/process';
import {
  type CameraSessionOptions,
  type HubPacket,
  type HubSubscription,
  type StreamHub,
} from '@camrec/media';
import { testSessionOptions } from '@camrec/media/testing';
import { parseFragmentInfo, readInitSegment } from '@camrec/mp4';
import type { Mp4Packet } from '../../fragment-writer';
import type { SegmentRecorderOptions } from '../segment-recorder';
import type { OpenedSegment, SegmentFacts, SegmentProgress, SegmentSink } from '../segment-sink';

let seq = 0;

type TestRecorderBase = Pick<
  SegmentRecorderOptions,
  'cameraId' | 'hub' | 'videosDir' | 'sourceType' | 'sink'
> & { registry: ChildProcessRegistry };

/** Recorder options for tests: 2 s segments, the machine's ffmpeg, no free-space floor. */
export function testRecorderOptions(
  { registry, ...base }: TestRecorderBase,
  extra: Partial<SegmentRecorderOptions> = {},
): SegmentRecorderOptions {
  return {
    ...base,
    segmentS: 2,
    tools: { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', registry },
    encode: { preset: 'veryfast', crf: 23 },
    minFreeBytes: 1,
    ...extra,
  };
}

/**
 * Publishes an fMP4 (init, then fragments) into a hub as an ingest would, `speed` times
 * faster than real time (Infinity: all at once); each fragment stamped when published, or, with
 * `clockStartMs`, when it would have arrived had the stream started then in real time (footage
 * of the past, written in seconds, with the timestamps a recorder gives it live).
 */
export async function feedHub(
  hub: StreamHub,
  packets: Mp4Packet[],
  options: { generation?: number; speed?: number; clockStartMs?: number } = {},
): Promise<void> {
  const generation = options.generation ?? 1;
  const speed = options.speed ?? Infinity;
  const [init, ...fragments] = packets;
  const info = readInitSegment(init.data);
  hub.publish({ type: 'init', data: init.data, mime: info.mime, generation });
  const startedAt = Date.now();
  let firstS: number | null = null;
  for (const fragment of fragments) {
    const parsed = parseFragmentInfo(fragment.data, info);
    const track = parsed.tracks[0];
    const timescale = info.tracks.find((t) => t.id === track.trackId)?.timescale ?? 1;
    const atS = Number(track.baseDecodeTime) / timescale;
    firstS ??= atS;
    const dueMs = startedAt + ((atS - firstS) * 1000) / speed;
    if (dueMs > Date.now()) await new Promise((resolve) => setTimeout(resolve, dueMs - Date.now()));
    hub.publish({
      type: 'fragment',
      data: fragment.data,
      keyframe: parsed.keyframe,
      frames: parsed.frames,
      receivedAt:
        options.clockStartMs === undefined
          ? Date.now()
          : options.clockStartMs + (atS - firstS) * 1000,
      seq: seq++,
      generation,
    });
  }
}

/**
 * Publishes JPEG frames into a hub as an MJPEG camera's ingest would, one every `frameMs`,
 * `speed` times faster than real time; each stamped as if it had arrived `frameMs` after the
 * one before, from `clockStartMs` on (footage of the past, written in seconds).
 */
export async function feedJpegHub(
  hub: StreamHub,
  jpegs: Buffer[],
  options: { frameMs: number; clockStartMs: number; speed?: number },
): Promise<void> {
  const speed = options.speed ?? Infinity;
  const startedAt = Date.now();
  for (const [i, data] of jpegs.entries()) {
    const dueMs = startedAt + (i * options.frameMs) / speed;
    if (dueMs > Date.now()) await new Promise((resolve) => setTimeout(resolve, dueMs - Date.now()));
    hub.publish({
      type: 'jpeg',
      data,
      capturedAt: options.clockStartMs + i * options.frameMs,
      seq: seq++,
    });
  }
}

export type SinkEvent =
  | { type: 'opened'; id: string; segment: OpenedSegment; fileExisted: boolean }
  | { type: 'progress'; id: string; progress: SegmentProgress; at: number }
  | { type: 'closed'; id: string; facts: SegmentFacts }
  | { type: 'dropped'; id: string };

/** An index that remembers every call, and checks the file does not exist yet when opened. */
export class MemorySink implements SegmentSink {
  readonly events: SinkEvent[] = [];
  private next = 1;

  constructor(private readonly videosDir: string) {}

  async segmentOpened(segment: OpenedSegment): Promise<string> {
    const path = join(this.videosDir, segment.path);
    const fileExisted = existsSync(path) || existsSync(`${path}.part`);
    const id = `row-${this.next++}`;
    this.events.push({ type: 'opened', id, segment, fileExisted });
    return id;
  }

  async segmentProgress(id: string, progress: SegmentProgress): Promise<void> {
    this.events.push({ type: 'progress', id, progress, at: Date.now() });
  }

  async segmentClosed(id: string, facts: SegmentFacts): Promise<void> {
    this.events.push({ type: 'closed', id, facts });
  }

  async segmentDropped(id: string): Promise<void> {
    this.events.push({ type: 'dropped', id });
  }

  /** The closed segments in order, with the path each was opened with. */
  segments(): Array<SegmentFacts & { path: string; id: string }> {
    return this.events.flatMap((event) => {
      if (event.type !== 'closed') return [];
      const opened = this.events.find((e) => e.type === 'opened' && e.id === event.id);
      const path = opened?.type === 'opened' ? opened.segment.path : '';
      return [{ ...event.facts, path, id: event.id }];
    });
  }
}

/**
 * Session options for tests against a simulated camera: the media tests' own, under `id`, with
 * the session's default stall timeout (these tests do not time stalls).
 */
export function sessionOptions(
  id: string,
  url: string,
  registry: ChildProcessRegistry,
): CameraSessionOptions {
  return testSessionOptions(url, registry, { id, stallTimeoutS: undefined });
}

/** What a subscription has queued once `end()` was called on it. */
export async function drain(subscription: HubSubscription): Promise<HubPacket[]> {
  const packets: HubPacket[] = [];
  for await (const packet of subscription) packets.push(packet);
  return packets;
}
