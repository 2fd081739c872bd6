import { WebSocket } from 'ws';

const TIMEOUT_MS = 30_000;

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
  const socket = new WebSocket(inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`${method}: no answer`)), TIMEOUT_MS);
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString());
        if (message.id !== id) return;
        clearTimeout(timer);
        socket.off('message', onMessage);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    const answer = await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    const usage = JSON.parse((answer['result'] as { value: string }).value);
    return Math.round(((usage.heapUsed + usage.external) / 2 ** 20) * 10) / 10;
  } finally {
    socket.close();
  }
}
