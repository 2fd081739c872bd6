import { lstat, readdir, realpath, rm, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { InvalidVideoNameError, VideoNotFoundError } from './recording-errors';
import { parseRecordingName, RECORDING_NAME_PATTERN, recordingFiles } from './recording-name';
import { readVideoMetadata, type VideoMetadata } from './video-metadata';

export interface ResolvedFile {
  path: string;
  size: number;
  modifiedAt: Date;
}

/** Longest name accepted before any further look (a session UUID + the time is 56). */
const MAX_NAME_LENGTH = 128;

/**
 * The finished videos in the videos folder. Every name from outside goes through
 * `checkVideoName` and `resolveInside`: only an exact recording name, as a regular file
 * directly in the folder (or a link to one inside it), is ever read or deleted.
 */
export class VideoLibrary {
  constructor(private readonly videosDir: string) {}

  /** Newest first, from the metadata files (no ffprobe). */
  async list(): Promise<VideoMetadata[]> {
    let names: string[];
    try {
      names = await readdir(this.videosDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const present = new Set(names);
    const videos = names.filter((name) => RECORDING_NAME_PATTERN.test(name));
    const found = await Promise.all(
      videos.map(async (name) => {
        const metadataName = recordingFiles(name).metadata;
        if (!present.has(metadataName)) return null;
        const metadata = await readVideoMetadata(join(this.videosDir, metadataName));
        return metadata?.filename === name ? metadata : null;
      }),
    );
    return found
      .filter((metadata): metadata is VideoMetadata => metadata !== null)
      .sort(
        (a, b) => b.created_at.localeCompare(a.created_at) || b.filename.localeCompare(a.filename),
      );
  }

  /** The metadata of the latest finished video of a session; null when it has none. */
  async latestOfSession(sessionId: string): Promise<VideoMetadata | null> {
    const names = await readdir(this.videosDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    // Names end in the start time (YYYYMMDD-HHMMSS): the greatest is the latest.
    const latest = names
      .filter((name) => parseRecordingName(name)?.sessionId === sessionId)
      .sort()
      .reverse();
    for (const name of latest) {
      const metadata = await readVideoMetadata(join(this.videosDir, recordingFiles(name).metadata));
      if (metadata?.filename === name) return metadata;
    }
    return null;
  }

  async metadata(name: string): Promise<VideoMetadata> {
    await this.video(name);
    const metadata = await readVideoMetadata(join(this.videosDir, recordingFiles(name).metadata));
    if (!metadata) throw new VideoNotFoundError(`video ${name} has no metadata`);
    return metadata;
  }

  /** The MP4 file behind a name from a request. */
  async video(name: string): Promise<ResolvedFile> {
    checkVideoName(name);
    return this.resolveInside(name, `video ${name} not found`);
  }

  async thumbnail(name: string): Promise<ResolvedFile> {
    checkVideoName(name);
    return this.resolveInside(recordingFiles(name).thumbnail, `video ${name} has no thumbnail`);
  }

  /** Deletes the video with its thumbnail and metadata. */
  async delete(name: string): Promise<void> {
    await this.video(name);
    const files = recordingFiles(name);
    // The metadata first: a video without it is no longer listed, even if a later step fails.
    for (const file of [files.metadata, files.video, files.thumbnail]) {
      await rm(join(this.videosDir, file), { force: true });
    }
  }

  private async resolveInside(fileName: string, notFound: string): Promise<ResolvedFile> {
    const path = join(this.videosDir, fileName);
    let entry;
    try {
      entry = await lstat(path);
    } catch {
      throw new VideoNotFoundError(notFound);
    }
    if (entry.isSymbolicLink()) {
      const [target, folder] = await Promise.all([
        realpath(path).catch(() => null),
        realpath(this.videosDir),
      ]);
      if (target === null) throw new VideoNotFoundError(notFound);
      if (!target.startsWith(folder + sep)) {
        throw new InvalidVideoNameError(
          `${fileName} is a link that points outside the videos folder`,
        );
      }
      entry = await stat(target);
    }
    if (!entry.isFile()) throw new VideoNotFoundError(notFound);
    return { path, size: entry.size, modifiedAt: entry.mtime };
  }
}

/**
 * Refuses anything that is not exactly `{session_id}_{YYYYMMDD-HHMMSS}.mp4`: that pattern has
 * no room for `/`, `\`, `..`, `%`, `:` or NUL, so no path can be smuggled through it.
 */
export function checkVideoName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidVideoNameError('a video name is required');
  }
  if (name.length > MAX_NAME_LENGTH || !RECORDING_NAME_PATTERN.test(name)) {
    throw new InvalidVideoNameError(
      `${JSON.stringify(name.slice(0, MAX_NAME_LENGTH))} is not a video name; expected {session_id}_{YYYYMMDD-HHMMSS}.mp4`,
    );
  }
}
