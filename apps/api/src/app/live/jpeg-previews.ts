import { Injectable, Logger } from '@nestjs/common';
import { ChildProcessRegistry } from '@camrec/process';
import { JpegPreviewDecoder } from '@camrec/media';
import { AppConfig } from '../config/app-config';
import type { SessionEntry } from '../session/session-entry';

interface SharedDecoder {
  decoder: JpegPreviewDecoder;
  users: number;
}

/**
 * One JPEG decoder per H.264/H.265 session, shared by its JPEG viewers: started with the
 * first one, stopped when the last one leaves (decoding costs CPU only while someone looks).
 */
@Injectable()
export class JpegPreviews {
  private readonly logger = new Logger('live');
  private readonly decoders = new Map<string, SharedDecoder>();

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ChildProcessRegistry,
  ) {}

  acquire(entry: SessionEntry): JpegPreviewDecoder {
    let shared = this.decoders.get(entry.id);
    if (!shared || !shared.decoder.running) {
      const decoder = JpegPreviewDecoder.start({
        name: `jpeg preview ${entry.id}`,
        ffmpegPath: this.config.ffmpeg_path,
        source: entry.camera.hub,
        jpegQuality: this.config.jpeg_quality,
        registry: this.registry,
        onError: (message) => this.logger.warn(`session ${entry.id}: ${message}`),
      });
      shared = { decoder, users: 0 };
      this.decoders.set(entry.id, shared);
    }
    shared.users += 1;
    return shared.decoder;
  }

  /** `decoder` is what `acquire` gave this viewer. */
  release(sessionId: string, decoder: JpegPreviewDecoder): void {
    const shared = this.decoders.get(sessionId);
    // A late release from a decoder that stopped and was replaced must not count against
    // the viewers of its replacement.
    if (!shared || shared.decoder !== decoder) return;
    shared.users -= 1;
    if (shared.users > 0) return;
    this.decoders.delete(sessionId);
    void shared.decoder.stop('no JPEG viewer left');
  }
}
