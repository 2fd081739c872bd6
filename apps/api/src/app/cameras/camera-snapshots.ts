import { ConflictException, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ChildProcessRegistry } from '@camrec/process';
import { StillJpegDecoder } from '@camrec/media';
import { AppConfig } from '../config/app-config';
import { CamerasService } from './cameras.service';

/**
 * A JPEG of a saved camera's main stream as it is now (for integrations: the picture of a
 * motion event as it goes on). One short ffmpeg per H.264/H.265 snapshot, started ahead of
 * time (`prepare`); none for MJPEG.
 */
@Injectable()
export class CameraSnapshots implements OnApplicationShutdown {
  private readonly decoder: StillJpegDecoder;

  constructor(
    config: AppConfig,
    private readonly cameras: CamerasService,
    registry: ChildProcessRegistry,
  ) {
    this.decoder = new StillJpegDecoder({
      name: 'snapshot',
      ffmpegPath: config.ffmpeg_path,
      jpegQuality: config.jpeg_quality,
      registry,
    });
  }

  /** Has the next snapshot's ffmpeg started and waiting, so that it comes sooner. */
  prepare(): void {
    this.decoder.prepare();
  }

  /** 404 for an unknown camera, 409 while its main stream is not open or has no frame yet. */
  async take(cameraId: string): Promise<Buffer> {
    this.cameras.row(cameraId);
    const session = this.cameras.mainSession(cameraId);
    if (!session) throw new ConflictException(`camera ${cameraId} is not online`);
    const jpeg = await this.decoder.capture(session.camera.hub);
    if (!jpeg) throw new ConflictException(`camera ${cameraId} has no picture yet`);
    return jpeg;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.decoder.close();
  }
}
