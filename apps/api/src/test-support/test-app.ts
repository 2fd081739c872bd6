import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { childPidsMatching } from '@camrec/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../app/config/app-config';
import { loadAppConfig } from '../app/config/load-app-config';
import { createApp } from '../app/create-app';
import { AppLogger } from '../app/logging/app-logger';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** http://127.0.0.1:PORT (https with tls_cert) */
  baseUrl: string;
  /** ws://127.0.0.1:PORT (wss with tls_cert) */
  wsUrl: string;
  /** Every log line the app wrote so far. */
  logs: string[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * The folder of the config file and the videos (with the index): a second app started on
   * the same folder is the same server restarted. The caller removes it.
   */
  dir?: string;
  /** Environment variables the server starts with (e.g. a camera password for `${VARIABLE}`). */
  env?: Record<string, string>;
}

/**
 * Boots the real application on an ephemeral port with a temporary config file and videos
 * folder (no demo camera unless asked), capturing its log lines. `beforeListen` runs before
 * the routes are registered (e.g. to add a Fastify onRoute hook).
 */
export async function startTestApp(
  settings: Record<string, unknown> = {},
  beforeListen?: (app: NestFastifyApplication) => void,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'camrec-app-'));
  try {
    const configFile = join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        port: 0,
        demo_camera: false,
        videos_dir: join(dir, 'videos'),
        log_level: 'debug',
        // Tests never reach the engines' release servers; download tests use a local one.
        auto_download: false,
        // Nor does an ONVIF probe leave the machine: discovery multicasts on loopback only.
        onvif_interface: 'lo',
        ...settings,
      }),
    );
    const config = loadAppConfig({
      env: { ...options.env, CAMREC_CONFIG: configFile, PATH: process.env['PATH'] },
      cwd: dir,
    });
    const logs: string[] = [];
    const app = await createApp(config, new AppLogger(config.log_level, (line) => logs.push(line)));
    beforeListen?.(app);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const secure = Boolean(config.tls_cert);
    let closed = false;
    return {
      app,
      config,
      baseUrl: `${secure ? 'https' : 'http'}://127.0.0.1:${port}`,
      wsUrl: `${secure ? 'wss' : 'ws'}://127.0.0.1:${port}`,
      logs,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        if (!options.dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    // An app that did not start has no close() to remove its folder.
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** ffmpeg/ffprobe children of this test process that the server started (not the cameras'). */
export function serverMediaPids(cameraPids: number[] = []): number[] {
  return childPidsMatching(/\bff(mpeg|probe)\b/).filter((pid) => !cameraPids.includes(pid));
}
