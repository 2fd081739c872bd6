import type { IncomingMessage } from 'node:http';
import type { MediaInfo } from '@camrec/shared-types';
import { readJpegDimensions } from '../mjpeg/jpeg-dimensions';
import { MultipartReader } from '../mjpeg/multipart-reader';
import type { Ingest, IngestEnd, IngestSink } from './ingest';
import { SourceFailure } from './source-failure';
import { StallWatchdog } from './stall-watchdog';

/**
 * Reads JPEG frames from an MJPEG camera's multipart response: the same response that proved
 * the content type, so the camera sees one connection.
 */
export class MjpegIngest implements Ingest {
  readonly ended: Promise<IngestEnd>;
  private mediaInfo: MediaInfo | null = null;
  private readonly watchdog: StallWatchdog;
  private failure: SourceFailure | null = null;
  private stopRequested = false;

  constructor(
    private readonly response: IncomingMessage,
    boundary: string,
    stallTimeoutMs: number,
    sink: IngestSink,
  ) {
    const reader = new MultipartReader(boundary);
    this.watchdog = new StallWatchdog(stallTimeoutMs, () =>
      this.fail(
        new SourceFailure('timeout', `no data from the camera for ${stallTimeoutMs / 1000} s`),
      ),
    );
    response.on('data', (chunk: Buffer) => {
      this.watchdog.feed();
      try {
        for (const part of reader.push(chunk)) {
          // Cameras sometimes interleave non-image parts (e.g. text status); skip them.
          if (part.body.length < 4 || part.body[0] !== 0xff || part.body[1] !== 0xd8) continue;
          this.mediaInfo ??= mediaFromJpeg(part.body);
          sink.jpeg(part.body, Date.now());
        }
      } catch (error) {
        this.fail(
          new SourceFailure('unreachable', `MJPEG stream unreadable: ${(error as Error).message}`),
        );
      }
    });
    this.ended = new Promise<IngestEnd>((resolve) => {
      const finish = () => {
        this.watchdog.cancel();
        if (this.stopRequested && !this.failure) resolve({ failure: null });
        else
          resolve({
            failure:
              this.failure ?? new SourceFailure('unreachable', 'the camera closed the connection'),
          });
      };
      response.once('close', finish);
      response.once('error', (error: NodeJS.ErrnoException) => {
        if (this.failure || this.stopRequested) return;
        // Node reports a connection cut mid-body as 'aborted' or ECONNRESET.
        const cut = error.message === 'aborted' || error.code === 'ECONNRESET';
        const detail = cut ? 'the camera closed the connection' : error.message;
        this.failure = new SourceFailure('unreachable', detail);
      });
    });
  }

  get media(): MediaInfo | null {
    return this.mediaInfo;
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    this.watchdog.cancel();
    this.response.destroy();
    await this.ended;
  }

  private fail(failure: SourceFailure): void {
    if (this.failure || this.stopRequested) return;
    this.failure = failure;
    this.response.destroy();
  }
}

function mediaFromJpeg(jpeg: Buffer): MediaInfo {
  const size = readJpegDimensions(jpeg) ?? { width: 0, height: 0 };
  return {
    video: { codec: 'mjpeg', width: size.width, height: size.height, fps: null },
    audio: null,
  };
}
