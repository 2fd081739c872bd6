import { inspectorMemoryUsage } from '@camrec/testing';

/**
 * MB that a server process keeps alive, read through its inspector (a test server started with
 * `--inspect=127.0.0.1:0`): a full garbage collection first, then `process.memoryUsage()`'s
 * heap in use plus external memory (Buffers, ArrayBuffers).
 *
 * Why not RSS: with `--initial-old-space-size=128` (apps/api/node-flags.json) V8 lets garbage
 * build up to 128 MB before its first full collection, so RSS says how much garbage is waiting,
 * not what a leak keeps. What survives a full collection is what the server holds.
 */
export async function keptMemoryMb(inspectorUrl: string): Promise<number> {
  const usage = await inspectorMemoryUsage(inspectorUrl, { collectFirst: true });
  return Math.round(((usage.heapUsed + usage.external) / 2 ** 20) * 10) / 10;
}
