import { open, type FileHandle } from 'node:fs/promises';
import { parseFragmentInfo, readInitSegment, type InitSegmentInfo } from '@camrec/mp4';
import { sameCodecSetup } from './codec-setup';

/** An init segment (`ftyp`+`moov`) or a fragment (`moof`+`mdat`), as the hub publishes them. */
export interface Mp4Packet {
  type: 'init' | 'fragment' | 'jpeg';
  data: Buffer;
}

/** What the writer reads: a lossless hub subscription, or an encoder's output. */
export interface Mp4PacketSource extends AsyncIterable<Mp4Packet> {
  /** Ends the iteration now, dropping what is queued; a pending `next()` finishes. */
  close(): void;
  /** Takes nothing new: the iteration delivers what is already queued, then finishes. */
  end(): void;
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
 * written. Nothing is re-encoded, and nothing is kept once written: the memory of a recording
 * is its source's bounded queue plus the fragment being written, whatever its duration.
 * Errors (disk full, a lossless queue that overflowed) reject `finished` — the writer never
 * skips data silently.
 *
 * Decode times are written as the source gives them: the hub's are continuous across
 * reconnects (see SessionStreamPublisher), an encoder's start at zero.
 */
export class FragmentWriter {
  readonly finished: Promise<WriterResult>;
  private bytes = 0;
  private init: Buffer | null = null;
  private initInfo: InitSegmentInfo | null = null;
  private readonly video = new VideoSpan();
  private stopRequested = false;

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
    return this.video.durationS;
  }

  /**
   * Takes no new packets but writes those already queued, then closes the file; resolves
   * with the result once it is closed.
   */
  stop(): Promise<WriterResult> {
    this.stopRequested = true;
    this.source.end();
    return this.finished;
  }

  private async run(): Promise<WriterResult> {
    const syncIntervalMs = this.options.syncIntervalMs ?? 1000;
    let lastSync = Date.now();
    try {
      // No race against a stop signal here: `end()` and `close()` finish a pending next().
      for await (const packet of this.source) {
        const ended = await this.accept(packet);
        if (ended) return ended;
        if (Date.now() - lastSync >= syncIntervalMs) {
          await this.file.datasync();
          lastSync = Date.now();
        }
      }
      if (this.stopRequested) return this.result('stopped');
      return this.result('source-ended', this.source.endReason ?? 'the stream ended');
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
        this.initInfo = readInitSegment(packet.data);
        await this.write(packet.data);
      } else if (!sameCodecSetup(this.init, packet.data)) {
        return this.result(
          'stream-changed',
          'the camera came back with different video or audio settings',
        );
      }
      return null;
    }
    if (packet.type !== 'fragment' || !this.initInfo) return null;
    const info = this.initInfo;
    const video = parseFragmentInfo(packet.data, info).tracks.find(
      (run) => run.trackId === info.videoTrackId && run.baseDecodeTime !== null,
    );
    const timescale = info.tracks.find((track) => track.id === info.videoTrackId)?.timescale;
    await this.write(packet.data);
    if (!video || !timescale) return null;
    const startS = this.video.add(
      Number(video.baseDecodeTime) / timescale,
      video.duration / timescale,
    );
    // The first frame that starts at or after the limit is the last one written: the clip
    // then lasts at least `limit` whatever duration a remux gives its last frame (ffmpeg
    // guesses it), and at most two frames more.
    const limit = this.options.maxDurationS;
    if (limit !== null && startS >= limit) return this.result('limit');
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

/** Where the clip's video starts and ends, in seconds of the source's decode times. */
class VideoSpan {
  private first: number | null = null;
  private end = 0;

  get durationS(): number {
    return this.first === null ? 0 : this.end - this.first;
  }

  /** Counts a written fragment in; returns where it starts, in seconds after the clip's start. */
  add(startS: number, durationS: number): number {
    this.first ??= startS;
    this.end = Math.max(this.end, startS + durationS);
    return startS - this.first;
  }
}
