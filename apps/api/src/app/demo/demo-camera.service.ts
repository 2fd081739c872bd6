import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ChildProcessRegistry, MediaProcess } from '@camrec/process';
import { AppConfig } from '../config/app-config';
import { INSTALL_ROOT } from '../../install-root';

/** The simulated camera's CLI, built beside the API (dist/apps/camera-sim/main.js). */
const CAMERA_SIM_MAIN = join(INSTALL_ROOT, 'dist', 'apps', 'camera-sim', 'main.js');
const READY_LINE = /^camera-sim: \w+ camera at (\S+)/;
const START_TIMEOUT_MS = 15_000;

/**
 * `demo_camera: true` starts a simulated MJPEG camera beside the server so that a new user
 * can try everything at once; the dashboard offers its URL (from /health).
 */
@Injectable()
export class DemoCameraService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('demo-camera');
  private process: MediaProcess | null = null;
  private cameraUrl: string | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ChildProcessRegistry,
  ) {}

  url(): string | null {
    return this.cameraUrl;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo_camera) return;
    if (!existsSync(CAMERA_SIM_MAIN)) {
      this.logger.warn(
        `demo camera not started: ${CAMERA_SIM_MAIN} is missing (run npm run build)`,
      );
      return;
    }
    const child = MediaProcess.spawn({
      name: 'demo camera',
      command: process.execPath,
      args: [
        CAMERA_SIM_MAIN,
        'mjpeg',
        '--port',
        '0',
        '--ffmpeg',
        this.config.ffmpeg_path,
        // Where the server cannot arrange a parent-death signal (macOS, Windows), the camera
        // still ends with it: the server holds the other end of the camera's stdin.
        '--exit-on-stdin-eof',
      ],
      stdinIsInput: true,
      registry: this.registry,
      onStderrLine: (line) => this.logger.warn(line),
    });
    this.process = child;
    try {
      this.cameraUrl = await readyUrl(child);
      this.logger.log(`demo MJPEG camera at ${this.cameraUrl}`);
    } catch (error) {
      this.logger.warn(`demo camera not started: ${(error as Error).message}`);
      await child.stop();
      this.process = null;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.process?.stop();
    this.process = null;
    this.cameraUrl = null;
  }
}

function readyUrl(child: MediaProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(
      () => reject(new Error('it printed no URL in time')),
      START_TIMEOUT_MS,
    );
    lines.on('line', (line) => {
      const url = READY_LINE.exec(line)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve(url);
    });
    void child.exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`it exited (${exit.spawnError?.message ?? `code ${exit.code}`})`));
    });
  });
}
