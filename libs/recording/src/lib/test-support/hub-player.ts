import { type StreamHub } from '@camrec/media';
import { parseFragmentInfo, readInitSegment } from '@camrec/mp4';
import type { Mp4Packet } from '../fragment-writer';

/**
 * Publishes a recorded fragmented MP4 into a StreamHub at its own pace, as the ingest of a
 * live camera would: the init segment, then each fragment when its time has come.
 */
export class HubPlayer {
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;

  constructor(
    private readonly hub: StreamHub,
    private readonly packets: Mp4Packet[],
    private readonly generation = 1,
  ) {}

  /** Starts playing; resolves when every packet is published (or `stop()` was called). */
  play(): Promise<void> {
    const [init, ...fragments] = this.packets;
    const info = readInitSegment(init.data);
    this.hub.publish({
      type: 'init',
      data: init.data,
      mime: info.mime,
      generation: this.generation,
    });
    const start = Date.now();
    return new Promise((resolve) => {
      let next = 0;
      const tick = () => {
        const elapsedS = (Date.now() - start) / 1000;
        while (next < fragments.length) {
          const fragment = parseFragmentInfo(fragments[next].data, info);
          const track = fragment.tracks[0];
          const timescale = info.tracks.find((t) => t.id === track.trackId)?.timescale ?? 1;
          if (Number(track.baseDecodeTime) / timescale > elapsedS) break;
          this.hub.publish({
            type: 'fragment',
            data: fragments[next].data,
            keyframe: fragment.keyframe,
            frames: fragment.frames,
            receivedAt: Date.now(),
            seq: this.seq++,
            generation: this.generation,
          });
          next += 1;
        }
        if (next >= fragments.length || this.timer === null) {
          this.stop();
          resolve();
        }
      };
      this.timer = setInterval(tick, 10);
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
