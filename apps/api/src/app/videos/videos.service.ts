import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { VideoItem, VideoListResponse } from '@camrec/shared-types';
import type { VideoMetadata } from '@camrec/recording';
import { ClipIndex } from '../catalog/clip-index';
import { parseRange } from './byte-range';
import type { FileReply } from './file-reply';
import { toHttpError } from './video-http-errors';

export interface VideoRequest {
  range?: string;
  download: boolean;
  /** HEAD: headers only. */
  head: boolean;
}

/** The finished videos: listing from metadata, files streamed from disk with Range support. */
@Injectable()
export class VideosService {
  constructor(private readonly library: ClipIndex) {}

  async list(): Promise<VideoListResponse> {
    const videos = await this.library.list().catch((error: unknown) => {
      throw toHttpError(error);
    });
    return { videos: videos.map(toVideoItem) };
  }

  async video(filename: string, request: VideoRequest): Promise<FileReply> {
    const file = await this.library.video(filename).catch((error: unknown) => {
      throw toHttpError(error);
    });
    const headers: Record<string, string> = {
      'content-type': 'video/mp4',
      'accept-ranges': 'bytes',
      'last-modified': file.modifiedAt.toUTCString(),
      'cache-control': 'no-cache',
    };
    if (request.download) headers['content-disposition'] = `attachment; filename="${filename}"`;
    const range = parseRange(request.range, file.size);
    switch (range.kind) {
      case 'unsatisfiable': {
        const body = JSON.stringify({
          statusCode: 416,
          error: 'Range Not Satisfiable',
          message: range.reason,
        });
        return {
          status: 416,
          headers: {
            ...headers,
            'content-range': `bytes */${file.size}`,
            'content-type': 'application/json; charset=utf-8',
          },
          body: request.head ? null : body,
        };
      }
      case 'partial':
        return {
          status: 206,
          headers: {
            ...headers,
            'content-range': `bytes ${range.start}-${range.end}/${file.size}`,
            'content-length': String(range.end - range.start + 1),
          },
          body: request.head ? null : await readStream(file.path, range.start, range.end),
        };
      case 'whole':
        return {
          status: 200,
          headers: { ...headers, 'content-length': String(file.size) },
          body: request.head ? null : await readStream(file.path),
        };
    }
  }

  async thumbnail(filename: string, head: boolean): Promise<FileReply> {
    const file = await this.library.thumbnail(filename).catch((error: unknown) => {
      throw toHttpError(error);
    });
    return {
      status: 200,
      headers: {
        'content-type': 'image/jpeg',
        'content-length': String(file.size),
        'last-modified': file.modifiedAt.toUTCString(),
        'cache-control': 'no-cache',
      },
      body: head ? null : await readStream(file.path),
    };
  }

  /** Marks a video kept (retention never deletes it) or not. */
  async setKeep(filename: string, keep: boolean): Promise<VideoItem> {
    const metadata = await this.library.annotate(filename, { keep }).catch((error: unknown) => {
      throw toHttpError(error);
    });
    return toVideoItem(metadata);
  }

  async delete(filename: string): Promise<void> {
    await this.library.delete(filename).catch((error: unknown) => {
      throw toHttpError(error, `deleting ${filename}`);
    });
  }
}

/**
 * Opens the file before answering, so that a file the server cannot read is an HTTP error
 * with the reason rather than a reply that breaks after its headers.
 */
async function readStream(path: string, start?: number, end?: number): Promise<Readable> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw toHttpError(error, 'opening the file');
  });
  return handle.createReadStream({ start, end });
}

function toVideoItem(metadata: VideoMetadata): VideoItem {
  return {
    filename: metadata.filename,
    size_bytes: metadata.size_bytes,
    duration_s: metadata.duration_s,
    created_at: metadata.created_at,
    session_id: metadata.session_id,
    camera_id: metadata.camera_id ?? null,
    width: metadata.width,
    height: metadata.height,
    video_codec: metadata.video_codec,
    audio_codec: metadata.audio_codec,
    thumbnail_url: `/videos/${encodeURIComponent(metadata.filename)}/thumbnail`,
    trigger: metadata.trigger ?? 'manual',
    event_id: metadata.event_id ?? null,
    pre_roll: metadata.pre_roll ?? null,
    keep: metadata.keep ?? false,
  };
}
