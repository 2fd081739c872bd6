import { open, type FileHandle } from 'node:fs/promises';
import { FragmentTimeline } from './fragment-timeline';
import { sameCodecSetup } from './mp4-boxes';

/** An init segment (`ftyp`+`moov`) or a fragment (`moof`+`mdat`), as the hub publishes them. */
export interface Mp4Packet {
  type: 'init' | 'fragment' | 'jpeg';
  data: Buffer;
}

/** What the writer reads: a lossless hub subscription, or an encoder's output. */
export interface Mp4PacketSource extends AsyncIterable<Mp4Packet> {
  /** Ends the iteration; a pending `next()` finishes. */
  close(): void;
  /** Why the source ended by itself (e.g. "session closed"), when it did. */
  readonly endReason?: string | null;
}

/**
 * Why writing ended: `limit` = the requested duration is on disk; `stopped` = `stop()`;
 * `source-ended` = the stream ended (session closed); `stream-changed` = the camera came
 * back with different codec parameters, which one MP4 cannot describe.
 */
export type WriterEnd = 'limit' | 'stopped' | 'source-ended' | 'stream-changed';

export interface WriterResult {
  end: WriterEnd;
  bytes: number;
  /** Seconds of video written. */
  durationS: number;
  /** Words for `source-ended` and `stream-changed`. */
  reason?: string;
}

export interface FragmentWriterOptions {
  /** The `.part` file; it must not exist yet. */
  partPath: string;
  /** End by itself once this much video is written; null = until `stop()`. */
  maxDurationS: number | null;
  /** Flush to the disk at most this often (a power cut then loses little). Default 1000 ms. */
  syncIntervalMs?: number;
}

/**
 * Appends an init segment and then fragments, each as one write, to a `.part` file: the file
 * is a valid fragmented MP4 after every write, so a crash loses at most the fragment being
 * written. Nothing is re-encoded. Errors (disk full, a lossless queue that overflowed) reject
 * `finished` — the writer never skips data silently.
 */
export class FragmentWriter {
  readonly finished: Promise<WriterResult>;
  private bytes = 0;
  private timeline: FragmentTimeline | null = null;
  private init: Buffer | null = null;
  private stopRequested = false;
  private wakeStop: () => void = () => undefined;
  private readonly stopSignal = new Promise<void>((resolve) => (this.wakeStop = resolve));

  private constructor(
    private readonly file: FileHandle,
    private readonly source: Mp4PacketSource,
    private readonly options: FragmentWriterOptions,
  ) {
    this.finished = this.run();
    // `finished` is awaited by whoever stops the recording; never an unhandled rejection.
    this.finished.catch(() => undefined);
  }

  /** Creates the `.part` (failing if it exists) and starts writing from `source`. */
  static async start(
    source: Mp4PacketSource,
    options: FragmentWriterOptions,
  ): Promise<FragmentWriter> {
    const file = await open(options.partPath, 'wx');
    return new FragmentWriter(file, source, options);
  }

  get bytesWritten(): number {
    return this.bytes;
  }

  get durationS(): number {
    return this.timeline?.videoDurationS ?? 0;
  }

  /** Ends writing after the current fragment; resolves with the result once the file is closed. */
  stop(): Promise<WriterResult> {
    this.stopRequested = true;
    this.wakeStop();
    this.source.close();
    return this.finished;
  }

  private async run(): Promise<WriterResult> {
    const iterator = this.source[Symbol.asyncIterator]();
    const syncIntervalMs = this.options.syncIntervalMs ?? 1000;
    let lastSync = Date.now();
    try {
      for (;;) {
        const pending = iterator.next();
        // A next() still pending when stop() wins may fail later; that is no longer news.
        pending.catch(() => undefined);
        const next = await Promise.race([pending, this.stopSignal.then(() => null)]);
        if (next === null || this.stopRequested) return this.result('stopped');
        if (next.done)
          return this.result('source-ended', this.source.endReason ?? 'the stream ended');
        const ended = await this.accept(next.value);
        if (ended) return ended;
        if (Date.now() - lastSync >= syncIntervalMs) {
          await this.file.datasync();
          lastSync = Date.now();
        }
      }
    } finally {
      this.source.close();
      await this.file.close();
    }
  }

  /** Writes one packet; returns a result when the clip ends here. */
  private async accept(packet: Mp4Packet): Promise<WriterResult | null> {
    if (packet.type === 'init') {
      if (!this.init) {
        this.init = packet.data;
        this.timeline = new FragmentTimeline(packet.data);
        await this.write(packet.data);
      } else if (sameCodecSetup(this.init, packet.data)) {
        this.timeline?.restart();
      } else {
        return this.result(
          'stream-changed',
          'the camera came back with different video or audio settings',
        );
      }
      return null;
    }
    if (packet.type !== 'fragment' || !this.timeline) return null;
    const placed = this.timeline.place(packet.data);
    await this.write(placed.data);
    placed.commit();
    // The first frame that starts at or after the limit is the last one written: the clip
    // then lasts at least `limit` whatever duration a remux gives its last frame (ffmpeg
    // guesses it), and at most two frames more.
    const limit = this.options.maxDurationS;
    if (limit !== null && placed.videoStartS !== null && placed.videoStartS >= limit) {
      return this.result('limit');
    }
    return null;
  }

  private async write(data: Buffer): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await this.file.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
    this.bytes += data.length;
  }

  private result(end: WriterEnd, reason?: string): WriterResult {
    return { end, bytes: this.bytes, durationS: this.durationS, ...(reason ? { reason } : {}) };
  }
}
