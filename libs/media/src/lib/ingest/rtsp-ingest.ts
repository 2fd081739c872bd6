import type { MediaInfo } from '@camrec/shared-types';
import { Fmp4StreamParser } from '../fmp4/fmp4-stream-parser';
import type { ChildProcessRegistry } from '../process/child-process-registry';
import { MediaProcess } from '../process/media-process';
import { buildRtspIngestArgs, type IngestVideoCodec } from './ffmpeg-args';
import type { Ingest, IngestEnd, IngestSink } from './ingest';
import { classifyFfmpegFailure, SourceFailure } from './source-failure';
import { StallWatchdog } from './stall-watchdog';

export interface RtspIngestOptions {
  /** Process name in the registry, e.g. "ingest sess-1". */
  name: string;
  ffmpegPath: string;
  url: string;
  videoCodec: IngestVideoCodec;
  audioCodec: string | null;
  audioBitrate: string;
  media: MediaInfo;
  socketTimeoutS: number;
  /** No output for this long ends the ingest as timed out. */
  stallTimeoutMs: number;
  registry?: ChildProcessRegistry;
  onStderrLine?: (line: string) => void;
}

/** One ffmpeg reading the camera and writing fragmented MP4, split into segments for the sink. */
export class RtspIngest implements Ingest {
  readonly media: MediaInfo;
  readonly ended: Promise<IngestEnd>;
  private readonly process: MediaProcess;
  private readonly parser = new Fmp4StreamParser();
  private readonly watchdog: StallWatchdog;
  /** Set when the ingest itself decides to end (stall, bad output) before ffmpeg exits. */
  private ownFailure: SourceFailure | null = null;
  private stopRequested = false;

  constructor(options: RtspIngestOptions, sink: IngestSink) {
    this.media = options.media;
    this.process = MediaProcess.spawn({
      name: options.name,
      command: options.ffmpegPath,
      args: buildRtspIngestArgs(options),
      registry: options.registry,
      onStderrLine: options.onStderrLine,
    });
    this.watchdog = new StallWatchdog(options.stallTimeoutMs, () =>
      this.abandon(
        new SourceFailure(
          'timeout',
          `no data from the camera for ${options.stallTimeoutMs / 1000} s`,
        ),
      ),
    );
    this.process.stdout.on('data', (chunk: Buffer) => {
      this.watchdog.feed();
      if (this.ownFailure || this.stopRequested) return;
      try {
        for (const segment of this.parser.push(chunk)) {
          if (segment.type === 'init') sink.init(segment);
          else sink.fragment(segment);
        }
      } catch (error) {
        this.abandon(
          new SourceFailure('unreachable', `ingest output unreadable: ${(error as Error).message}`),
        );
      }
    });
    this.ended = this.process.exited.then((exit) => {
      this.watchdog.cancel();
      if (this.stopRequested && !this.ownFailure) return { failure: null };
      if (this.ownFailure) return { failure: this.ownFailure };
      if (exit.spawnError) {
        return {
          failure: new SourceFailure(
            'unreachable',
            `ffmpeg could not start at '${options.ffmpegPath}': ${exit.spawnError.message}`,
          ),
        };
      }
      const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
      const lines = this.process.stderrTail();
      if (lines.length === 0)
        return {
          failure: new SourceFailure('unreachable', `ffmpeg exited with ${how}: the stream ended`),
        };
      return { failure: classifyFfmpegFailure(lines, `ffmpeg exited with ${how}`) };
    });
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    this.watchdog.cancel();
    await this.process.stop();
    await this.ended;
  }

  private abandon(failure: SourceFailure): void {
    if (this.ownFailure || this.stopRequested) return;
    this.ownFailure = failure;
    // A stalled camera gives ffmpeg nothing to quit on; go straight to signals.
    void this.process.stop({ quitTimeoutMs: 0, termTimeoutMs: 2000 });
  }
}
