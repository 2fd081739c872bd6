import { ConflictException, Injectable } from '@nestjs/common';
import { ChildProcessRegistry } from '@camrec/process';
import { captureStillJpeg } from '@camrec/media';
import { AppConfig } from '../config/app-config';
import { CamerasService } from './cameras.service';

/**
 * A JPEG of a saved camera's main stream as it is now (for integrations: the picture of a
 * motion event as it goes on). One short ffmpeg per H.264/H.265 snapshot, none for MJPEG.
 */
@Injectable()
export class CameraSnapshots {
  constructor(
    private readonly config: AppConfig,
    private readonly cameras: CamerasService,
    private readonly registry: ChildProcessRegistry,
  ) {}

  /** 404 for an unknown camera, 409 while its main stream is not open or has no frame yet. */
  async take(cameraId: string): Promise<Buffer> {
    this.cameras.row(cameraId);
    const session = this.cameras.mainSession(cameraId);
    if (!session) throw new ConflictException(`camera ${cameraId} is not online`);
    const jpeg = await captureStillJpeg({
      name: `snapshot ${cameraId}`,
      source: session.camera.hub,
      ffmpegPath: this.config.ffmpeg_path,
      jpegQuality: this.config.jpeg_quality,
      registry: this.registry,
    });
    if (!jpeg) throw new ConflictException(`camera ${cameraId} has no picture yet`);
    return jpeg;
  }
}
