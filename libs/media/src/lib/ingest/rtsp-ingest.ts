import {
  Fmp4StreamParser,
  PRFT_BYTES,
  prftBox,
  type FragmentInfo,
  type FragmentTrailer,
  type InitSegmentInfo,
} from '@camrec/mp4';
import { type ChildProcessRegistry, MediaProcess } from '@camrec/process';
import type { RelayedCamera, SenderReportClock } from '@camrec/rtsp';
import type { MediaInfo } from '@camrec/shared-types';
import { buildRtspIngestArgs } from './ffmpeg-args';
import { tagHevcAsHvc1 } from './hvc1-tag';
import type { Ingest, IngestEnd, IngestSink } from './ingest';
import { IngestMediaReader, isAacTrack } from './ingest-media';
import { classifyFfmpegFailure, SourceFailure } from './source-failure';
import { StallWatchdog } from './stall-watchdog';

export interface RtspIngestOptions {
  /** Process name in the registry, e.g. "ingest sess-1". */
  name: string;
  ffmpegPath: string;
  /**
   * ffmpeg's name of the camera's audio codec when it is known not to be AAC (the ingest then
   * transcodes it from the start); null when unknown or AAC (the ingest copies).
   */
  transcodeAudioFrom: string | null;
  audioBitrate: string;
  socketTimeoutS: number;
  /** No output for this long ends the ingest as timed out. */
  stallTimeoutMs: number;
  registry?: ChildProcessRegistry;
  onStderrLine?: (line: string) => void;
  /** The camera's audio turned out not to be AAC: later connections should transcode at once. */
  onAudioNeedsTranscoding?: (sourceCodec: string) => void;
  /** A fresh route to the camera through the relay, for another ffmpeg run. */
  relayCamera: () => Promise<RelayedCamera>;
}

/** One ffmpeg run ended: for good, or because its audio must be transcoded instead of copied. */
type RunEnd = IngestEnd | { transcodeAudioFrom: string };

/** The mp4 muxer refuses a codec it cannot store, e.g. G.711: "Could not find tag for codec pcm_alaw". */
const UNSTORABLE_CODEC = /Could not find tag for codec (\w+)/;
/** `-map 0:v:0` on a stream without video. */
const NO_VIDEO = /matches no streams/;

/**
 * One ffmpeg reading the camera and writing fragmented MP4, split into segments for the sink.
 * The command does not depend on the camera's codecs, so no probe precedes it: what the camera
 * sends is read from the output itself (IngestMediaReader). Audio is copied until the camera
 * shows it is not AAC (the muxer refuses it, or the copied track is another codec); ffmpeg
 * cannot decide that per codec, so the ingest then starts again once, before anything reached
 * the sink, with the audio transcoded, and the connector remembers it for reconnects.
 */
export class RtspIngest implements Ingest {
  readonly ended: Promise<IngestEnd>;
  private process!: MediaProcess;
  private reader!: IngestMediaReader;
  /** Set when the ingest itself decides to end (stall, bad output) before ffmpeg exits. */
  private ownFailure: SourceFailure | null = null;
  private switchAudioFrom: string | null = null;
  private stopRequested = false;

  /** @param camera the first run's route to the camera through the relay. */
  constructor(
    private readonly options: RtspIngestOptions,
    private readonly sink: IngestSink,
    camera: RelayedCamera,
  ) {
    this.ended = this.runUntilDone(camera);
  }

  get media(): MediaInfo | null {
    return this.reader.media;
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.process.stop();
    await this.ended;
  }

  private async runUntilDone(firstCamera: RelayedCamera): Promise<IngestEnd> {
    let transcodeAudioFrom = this.options.transcodeAudioFrom;
    let camera = firstCamera;
    for (;;) {
      const end = await this.runOnce(transcodeAudioFrom, camera);
      camera.close();
      if (!('transcodeAudioFrom' in end)) return end;
      if (this.stopRequested) return { failure: null };
      transcodeAudioFrom = end.transcodeAudioFrom;
      this.options.onAudioNeedsTranscoding?.(transcodeAudioFrom);
      try {
        camera = await this.options.relayCamera();
      } catch (error) {
        return {
          failure:
            error instanceof SourceFailure
              ? error
              : new SourceFailure('unreachable', (error as Error).message),
        };
      }
      if (this.stopRequested) {
        camera.close();
        return { failure: null };
      }
    }
  }

  private runOnce(transcodeAudioFrom: string | null, camera: RelayedCamera): Promise<RunEnd> {
    const o = this.options;
    const started = Date.now();
    const parser = new Fmp4StreamParser(undefined, captureTimeTrailer(camera.clock));
    const reader = new IngestMediaReader(transcodeAudioFrom);
    let answered = false;
    this.reader = reader;
    this.ownFailure = null;
    this.switchAudioFrom = null;
    this.process = MediaProcess.spawn({
      name: o.name,
      command: o.ffmpegPath,
      args: buildRtspIngestArgs({
        url: camera.url,
        socketTimeoutS: o.socketTimeoutS,
        audioMode: transcodeAudioFrom === null ? 'copy' : 'transcode',
        audioBitrate: o.audioBitrate,
      }),
      registry: o.registry,
      onStderrLine: o.onStderrLine,
    });
    const process = this.process;
    // Arms on the first output: before it, the session's verification deadline applies.
    const watchdog = new StallWatchdog(o.stallTimeoutMs, () =>
      this.abandon(
        new SourceFailure('timeout', `no data from the camera for ${o.stallTimeoutMs / 1000} s`),
      ),
    );
    process.stdout.on('data', (chunk: Buffer) => {
      answered = true;
      watchdog.feed();
      if (this.ownFailure || this.switchAudioFrom || this.stopRequested) return;
      try {
        for (const segment of parser.push(chunk)) {
          if (segment.type === 'init') {
            reader.readInit(segment.info);
            const audio = segment.info.tracks.find((t) => t.kind === 'audio');
            if (audio && !isAacTrack(audio)) return this.restartWithAudioFrom(audio.codec);
            this.sink.init(tagHevcAsHvc1(segment));
          } else {
            reader.readFragment(segment.info);
            this.sink.fragment(segment);
          }
        }
      } catch (error) {
        this.abandon(
          error instanceof SourceFailure
            ? error
            : new SourceFailure(
                'unreachable',
                `ingest output unreadable: ${(error as Error).message}`,
              ),
        );
      }
    });
    return process.exited.then((exit): RunEnd => {
      watchdog.cancel();
      if (this.switchAudioFrom) return { transcodeAudioFrom: this.switchAudioFrom };
      if (this.stopRequested && !this.ownFailure) return { failure: null };
      if (this.ownFailure) return { failure: this.ownFailure };
      if (exit.spawnError) {
        return {
          failure: new SourceFailure(
            'unreachable',
            `ffmpeg could not start at '${o.ffmpegPath}': ${exit.spawnError.message}`,
          ),
        };
      }
      const lines = process.stderrTail();
      const unstorable =
        transcodeAudioFrom === null && !answered && lines.join('\n').match(UNSTORABLE_CODEC);
      if (unstorable) return { transcodeAudioFrom: unstorable[1] };
      if (lines.some((l) => NO_VIDEO.test(l))) {
        return { failure: new SourceFailure('no_video', 'the stream has no video track') };
      }
      // A camera that accepts the connection and then says nothing makes ffmpeg fail with
      // "Invalid data found" once its socket timeout expires; only the elapsed time tells.
      if (!answered && Date.now() - started >= o.socketTimeoutS * 1000 - 100) {
        return { failure: new SourceFailure('timeout', `no answer within ${o.socketTimeoutS} s`) };
      }
      const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
      if (lines.length === 0) {
        return {
          failure: new SourceFailure('unreachable', `ffmpeg exited with ${how}: the stream ended`),
        };
      }
      return { failure: classifyFfmpegFailure(lines, `ffmpeg exited with ${how}`) };
    });
  }

  private restartWithAudioFrom(codec: string): void {
    this.switchAudioFrom = codec;
    void this.process.stop({ quitTimeoutMs: 0, termTimeoutMs: 2000 });
  }

  private abandon(failure: SourceFailure): void {
    if (this.ownFailure || this.stopRequested) return;
    this.ownFailure = failure;
    // A stalled camera gives ffmpeg nothing to quit on; go straight to signals.
    void this.process.stop({ quitTimeoutMs: 0, termTimeoutMs: 2000 });
  }
}

/**
 * A `prft` box with the camera's capture time of the fragment's video frame, when the relay's
 * reading of the camera's sender reports tells it: viewers then measure capture → paint (see
 * the dashboard's delay figure).
 */
function captureTimeTrailer(clock: SenderReportClock): FragmentTrailer {
  return {
    maxBytes: PRFT_BYTES,
    boxFor(info: FragmentInfo, init: InitSegmentInfo): Uint8Array | null {
      const video = init.tracks.find((t) => t.id === init.videoTrackId);
      const track = info.tracks.find((t) => t.trackId === video?.id && t.sampleCount > 0);
      if (!video || !track || track.baseDecodeTime === null) return null;
      const decodeTime = track.baseDecodeTime;
      const capturedAt = clock.captureTimeOf(Number(decodeTime), video.timescale, info.keyframe);
      return capturedAt === null ? null : prftBox(video.id, capturedAt, decodeTime);
    },
  };
}
