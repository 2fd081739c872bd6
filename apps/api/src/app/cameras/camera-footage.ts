import { Injectable, Logger } from '@nestjs/common';
import { Catalog } from '@camrec/catalog';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';

/** How many segment rows are read at a time when deleting a camera's footage. */
const BATCH = 500;

/** A camera's footage on disk and in the index, as one thing. */
@Injectable()
export class CameraFootage {
  private readonly logger = new Logger('cameras');

  constructor(
    private readonly config: AppConfig,
    private readonly catalog: Catalog,
  ) {}

  /**
   * Deletes every segment of the camera, file first, then its row: a crash in between leaves a
   * row without a file, which the next start drops (the other order would bring the file back).
   */
  async deleteAll(cameraId: string): Promise<number> {
    let deleted = 0;
    for (;;) {
      const segments = await this.catalog.segments.oldestOfCamera(cameraId, BATCH);
      if (!segments.length) return deleted;
      for (const segment of segments) {
        await rm(join(this.config.videos_dir, segment.path), { force: true });
        await this.catalog.segments.delete(segment.id);
        deleted++;
      }
      this.logger.debug(`camera ${cameraId}: ${deleted} segments deleted so far`);
    }
  }
}
