// Starting and driving the baseline harness (baseline-server.ts, built to plain JavaScript by
// `nx run bench:build`) in its own process.
import { join } from 'node:path';
import { jpegQualityToQscale } from '@camrec/media';
import type { BaselineHarnessConfig, BaselineStop } from './baseline-server';
import { spawnTracked, stopProcess, waitForLine } from './processes';

/**
 * The harness runs as built JavaScript, not through ts-node: its CPU and memory are measured,
 * and the TypeScript compiler in its heap would count against it.
 */
export const BASELINE_HARNESS = join('dist', 'tools', 'bench', 'baseline-server.js');

/** The JPEG quality of the original design's preview frames. */
const BASELINE_JPEG_QUALITY = 70;

export interface BaselineHarness {
  url: string;
  pid: number;
  /** What the harness and its ffmpeg processes reported (errors, early exits). */
  stderr(): string;
  /** Stops recording camera `camera`; resolves once ffmpeg has closed the MP4. */
  stopRecording(camera: number): Promise<BaselineStop>;
  stop(): Promise<void>;
}

export async function startBaseline(options: {
  previews: string[];
  records: string[];
  videosDir: string;
}): Promise<BaselineHarness> {
  const config: BaselineHarnessConfig = {
    ...options,
    qscale: jpegQualityToQscale(BASELINE_JPEG_QUALITY),
  };
  const child = spawnTracked(process.execPath, [BASELINE_HARNESS, JSON.stringify(config)]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const [, port] = await waitForLine(child, /^READY (\d+)/, 'baseline harness');
  const url = `http://127.0.0.1:${port}`;
  if (child.pid === undefined) throw new Error('baseline harness: no pid');
  return {
    url,
    pid: child.pid,
    stderr: () => stderr,
    stopRecording: async (camera) =>
      (await (
        await fetch(`${url}/stop?camera=${camera}`, { method: 'POST' })
      ).json()) as BaselineStop,
    stop: () => stopProcess(child, 5000),
  };
}
