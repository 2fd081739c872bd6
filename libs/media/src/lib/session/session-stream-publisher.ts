import { FragmentTimeline, type Fmp4Fragment, type Fmp4InitSegment } from '@camrec/mp4';
import { bufferView } from '../hub/buffer-view';
import type { StreamHub } from '../hub/stream-hub';
import { RateMeter } from './rate-meter';

/**
 * Turns what the ingests of one session read into hub packets: init generations, sequence
 * numbers, a timeline that keeps going forward across reconnects, and the frame counters.
 */
export class SessionStreamPublisher {
  readonly rate = new RateMeter();
  private readonly timeline = new FragmentTimeline();
  private totalFrames = 0;
  private generation = 0;
  private fragmentSeq = 0;
  private lastInitData: Buffer | null = null;

  constructor(private readonly hub: StreamHub) {}

  /** Video frames published since the session was created. */
  get framesIn(): number {
    return this.totalFrames;
  }

  /** An unchanged init (same camera, same settings) is not republished: consumers just continue. */
  init(segment: Fmp4InitSegment): void {
    this.timeline.startRun(segment.info);
    if (this.lastInitData?.equals(segment.data)) return;
    const data = bufferView(segment.data);
    this.lastInitData = data;
    this.generation++;
    this.hub.publish({
      type: 'init',
      data,
      mime: segment.info.mime,
      generation: this.generation,
    });
  }

  /** Returns the number of video frames in the fragment. */
  fragment(segment: Fmp4Fragment): number {
    const data = bufferView(this.timeline.apply(segment.data, segment.info));
    this.hub.publish({
      type: 'fragment',
      data,
      keyframe: segment.info.keyframe,
      frames: segment.info.frames,
      receivedAt: Date.now(),
      seq: this.fragmentSeq++,
      generation: this.generation,
    });
    return this.count(segment.info.frames, segment.data.length);
  }

  jpeg(frame: Buffer, capturedAt: number): number {
    this.hub.publish({ type: 'jpeg', data: frame, capturedAt, seq: this.totalFrames });
    return this.count(1, frame.length);
  }

  private count(frames: number, bytes: number): number {
    this.totalFrames += frames;
    this.rate.add(frames, bytes);
    return frames;
  }
}
