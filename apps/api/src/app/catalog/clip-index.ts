import { Injectable, Logger } from '@nestjs/common';
import { Catalog, type ClipRow } from '@camrec/catalog';
import {
  type ClipRecording,
  type ResolvedFile,
  type VideoAnnotations,
  VideoLibrary,
  type VideoMetadata,
} from '@camrec/recording';
import { AppConfig } from '../config/app-config';

/**
 * Clips (manual, motion) in the index beside their files. The file and the JSON beside it stay
 * the truth: a row is written once the clip is final, and at every start the rows are made to
 * agree with the folder (a clip a crash left is indexed once recovered, a row whose file went
 * is dropped). Listing and disk use then come from the index, not from reading the folder.
 */
@Injectable()
export class ClipIndex {
  private readonly logger = new Logger('clips');
  private readonly library: VideoLibrary;

  constructor(
    config: AppConfig,
    private readonly catalog: Catalog,
  ) {
    this.library = new VideoLibrary(config.videos_dir);
  }

  /** Makes the rows agree with the clips in the folder (after their crash recovery). */
  async reconcile(): Promise<{ indexed: number; dropped: number }> {
    const videos = await this.library.list();
    const onDisk = new Set(videos.map((video) => video.filename));
    let indexed = 0;
    for (const video of videos) {
      const row = await this.catalog.clips.get(video.filename);
      if (row && sameMetadata(row.metadata, video)) continue;
      await this.catalog.clips.upsert(toClipRow(video, row?.camera_id ?? video.camera_id ?? null));
      indexed++;
    }
    let dropped = 0;
    for (const filename of await this.catalog.clips.allFilenames()) {
      if (!onDisk.has(filename) && (await this.catalog.clips.delete(filename))) dropped++;
    }
    if (indexed || dropped) {
      this.logger.log(
        `clips: ${indexed} indexed from the folder, ${dropped} row(s) without a file dropped`,
      );
    }
    return { indexed, dropped };
  }

  /** Indexes the clip once it is final (its camera, if a saved camera's). */
  track(recording: ClipRecording, cameraId: string | null): void {
    recording.done.then(
      (video) =>
        this.catalog.clips
          .upsert(toClipRow({ ...video, camera_id: cameraId }, cameraId))
          .catch((error: Error) =>
            this.logger.error(`could not index ${video.filename}: ${error.message}`),
          ),
      () => undefined, // a clip that could not be made is not in the folder either
    );
  }

  /** Newest first. */
  async list(): Promise<VideoMetadata[]> {
    const rows = await this.catalog.clips.list({ limit: Number.MAX_SAFE_INTEGER });
    return rows.map((row) => row.metadata as VideoMetadata);
  }

  async metadata(filename: string): Promise<VideoMetadata | null> {
    const row = await this.catalog.clips.get(filename);
    return row ? (row.metadata as VideoMetadata) : null;
  }

  async latestOfSession(sessionId: string): Promise<VideoMetadata | null> {
    const row = await this.catalog.clips.latestOfSession(sessionId);
    return row ? (row.metadata as VideoMetadata) : null;
  }

  async totalBytes(): Promise<number> {
    return this.catalog.clips.totalBytes();
  }

  /** The oldest clips retention may delete (never kept ones), first the oldest. */
  async oldest(limit: number): Promise<ClipRow[]> {
    return this.catalog.clips.oldest(limit);
  }

  video(filename: string): Promise<ResolvedFile> {
    return this.library.video(filename);
  }

  thumbnail(filename: string): Promise<ResolvedFile> {
    return this.library.thumbnail(filename);
  }

  /**
   * Adds to what a video is (kept, a motion clip's event, an export), beside it and in the
   * index; `cameraId` names its camera when the index does not know it yet (an export).
   */
  async annotate(
    filename: string,
    annotations: VideoAnnotations,
    cameraId?: string,
  ): Promise<VideoMetadata> {
    const video = await this.library.annotate(filename, annotations);
    const row = await this.catalog.clips.get(filename);
    const camera = cameraId ?? row?.camera_id ?? video.camera_id ?? null;
    await this.catalog.clips.upsert(toClipRow(video, camera));
    return video;
  }

  /** The files first, then the row: a crash in between leaves a row the next start drops. */
  async delete(filename: string): Promise<void> {
    await this.library.delete(filename);
    await this.catalog.clips.delete(filename);
  }
}

function toClipRow(video: VideoMetadata, cameraId: string | null): ClipRow {
  const start = Date.parse(video.created_at);
  return {
    filename: video.filename,
    camera_id: cameraId,
    session_id: video.session_id,
    trigger: video.trigger ?? 'manual',
    event_id: video.event_id ?? null,
    start_ms: start,
    end_ms: start + Math.round(video.duration_s * 1000),
    bytes: video.size_bytes,
    keep: video.keep ?? false,
    state: 'final',
    metadata: { ...video, camera_id: cameraId },
  };
}

function sameMetadata(stored: unknown, video: VideoMetadata): boolean {
  const { camera_id: _ignored, ...rest } = (stored ?? {}) as VideoMetadata;
  const { camera_id: _also, ...current } = video;
  return JSON.stringify(rest) === JSON.stringify(current);
}
