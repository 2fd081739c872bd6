import { rename, rm, stat, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { runMediaCommand } from '@camrec/process';
import { remuxArgs, thumbnailArgs } from './ffmpeg-args';
import type { MediaTools } from './media-tools';
import { isFastStart, readMp4FileLayout, usablePartLength } from './mp4-file-layout';
import { FinaliseError, NothingRecordedError } from './recording-errors';
import { parseRecordingName, recordingFiles } from './recording-name';
import {
  type RecordingOutcome,
  type VideoAnnotations,
  type VideoMetadata,
  writeVideoMetadata,
} from './video-metadata';
import { probeVideo } from './video-probe';

/** A remux copies streams: minutes of video take seconds; this bound only catches a hang. */
const REMUX_TIMEOUT_MS = 10 * 60_000;
const THUMBNAIL_TIMEOUT_MS = 30_000;
/** Suffix of the remux output until it is verified and renamed into place. */
export const REMUX_SUFFIX = '.remux.mp4';

export interface FinaliseOptions {
  /** When the recording started; default: the time in its name. */
  createdAt?: Date;
  /** How the recording ended, kept in the metadata for its status. */
  outcome?: RecordingOutcome;
  /** What the recording is (motion clip, event, pre-roll), written into its metadata. */
  annotations?: VideoAnnotations;
}

/**
 * Turns `NAME.mp4.part` into the finished video: `NAME.mp4` (streams copied, index first),
 * `NAME.jpg` (thumbnail) and `NAME.json` (metadata). Every step writes under a temporary name
 * and renames, and the `.part` is deleted last, only after the new MP4 has been read back:
 * a crash at any point leaves the `.part`, and finalising again gives the same result.
 */
export class Finaliser {
  constructor(
    private readonly videosDir: string,
    private readonly tools: MediaTools,
  ) {}

  async finalise(videoName: string, options: FinaliseOptions = {}): Promise<VideoMetadata> {
    if (!parseRecordingName(videoName))
      throw new FinaliseError(`${videoName} is not a recording name`);
    const files = recordingFiles(videoName);
    const partPath = join(this.videosDir, files.part);
    const remuxPath = join(this.videosDir, `${videoName.slice(0, -'.mp4'.length)}${REMUX_SUFFIX}`);
    const videoPath = join(this.videosDir, files.video);

    await this.trimPart(partPath, videoName, join(this.videosDir, files.metadata));
    await this.run('remux', remuxArgs(partPath, remuxPath), REMUX_TIMEOUT_MS);
    const layout = await readMp4FileLayout(remuxPath);
    if (!isFastStart(layout)) {
      await rm(remuxPath, { force: true });
      throw new FinaliseError(`remuxing ${files.part} did not put the index (moov) first`);
    }
    const metadata = await this.describe(videoName, remuxPath, layout.fileSize, options).catch(
      async (error: Error) => {
        await rm(remuxPath, { force: true });
        throw new FinaliseError(`the remuxed ${videoName} is not readable: ${error.message}`);
      },
    );
    await rename(remuxPath, videoPath);
    await unlink(partPath);
    return metadata;
  }

  /** Writes the thumbnail and metadata of a finished video that has none (e.g. copied in). */
  async describeExisting(videoName: string): Promise<VideoMetadata> {
    const videoPath = join(this.videosDir, videoName);
    return this.describe(videoName, videoPath, (await stat(videoPath)).size, {
      createdAt: parseRecordingName(videoName)?.startedAt,
    });
  }

  /** Probes `videoPath` (the video-to-be of `videoName`), writes NAME.jpg and NAME.json. */
  private async describe(
    videoName: string,
    videoPath: string,
    sizeBytes: number,
    options: FinaliseOptions,
  ): Promise<VideoMetadata> {
    const parsed = parseRecordingName(videoName);
    if (!parsed) throw new FinaliseError(`${videoName} is not a recording name`);
    const files = recordingFiles(videoName);
    const probed = await probeVideo(this.tools, videoPath);
    const hasThumbnail = await this.makeThumbnail(
      videoPath,
      join(this.videosDir, files.thumbnail),
      probed.durationS,
    );
    const metadata: VideoMetadata = {
      filename: videoName,
      session_id: parsed.sessionId,
      created_at: (options.createdAt ?? parsed.startedAt).toISOString(),
      duration_s: Math.round(probed.durationS * 1000) / 1000,
      size_bytes: sizeBytes,
      width: probed.width,
      height: probed.height,
      video_codec: probed.videoCodec,
      audio_codec: probed.audioCodec,
      has_thumbnail: hasThumbnail,
      ...(options.outcome ? { recording: options.outcome } : {}),
      ...options.annotations,
    };
    await writeVideoMetadata(join(this.videosDir, files.metadata), metadata);
    return metadata;
  }

  /** Cuts a `.part` that a crash left mid-write back to its last complete fragment. */
  private async trimPart(partPath: string, videoName: string, metadataPath: string): Promise<void> {
    const layout = await readMp4FileLayout(partPath).catch((error: NodeJS.ErrnoException) => {
      throw new FinaliseError(`cannot read ${partPath}: ${error.code ?? error.message}`);
    });
    const usable = usablePartLength(layout);
    if (usable === null) {
      // Nothing playable was written (stopped before the first fragment): nothing to keep,
      // neither the part nor its in-progress metadata.
      await rm(partPath, { force: true });
      await rm(metadataPath, { force: true });
      throw new NothingRecordedError(`${videoName}: no video was recorded (no complete fragment)`);
    }
    if (usable < layout.fileSize) await truncate(partPath, usable);
  }

  private async makeThumbnail(
    videoPath: string,
    thumbnailPath: string,
    durationS: number,
  ): Promise<boolean> {
    const temporary = `${thumbnailPath}.tmp`;
    // A second in shows the scene rather than a possibly dark first frame; short clips use
    // their middle.
    const at = Math.min(1, durationS / 2);
    try {
      await this.run('thumbnail', thumbnailArgs(videoPath, temporary, at), THUMBNAIL_TIMEOUT_MS);
      if ((await stat(temporary)).size === 0) return false;
      await rename(temporary, thumbnailPath);
      return true;
    } catch {
      await rm(temporary, { force: true });
      return false;
    }
  }

  private async run(what: string, args: string[], timeoutMs: number): Promise<void> {
    const result = await runMediaCommand({
      name: `recording ${what}`,
      command: this.tools.ffmpegPath,
      args,
      registry: this.tools.registry,
      timeoutMs,
    });
    if (result.exit.code !== 0 || result.timedOut) {
      const why = result.timedOut
        ? `timed out after ${timeoutMs / 1000} s`
        : (result.exit.spawnError?.message ??
          (result.stderrTail.join(' ') || `exit code ${result.exit.code}`));
      throw new FinaliseError(`ffmpeg ${what} failed: ${why}`);
    }
  }
}
