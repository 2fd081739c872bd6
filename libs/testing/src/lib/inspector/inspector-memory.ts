import { WebSocket } from 'ws';

const TIMEOUT_MS = 30_000;

/**
 * `process.memoryUsage()` of a node process started with `--inspect`, read through its
 * inspector at `inspectorUrl` (a `ws://` URL, or the `http://host:port` of its `/json/list`),
 * after a full garbage collection when `collectFirst`: what the process holds, not the garbage
 * waiting for V8 (with `--initial-old-space-size=128` up to 128 MB of it). In bytes.
 */
export async function inspectorMemoryUsage(
  inspectorUrl: string,
  { collectFirst }: { collectFirst: boolean },
): Promise<NodeJS.MemoryUsage> {
  const socket = new WebSocket(await debuggerUrl(inspectorUrl));
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
    if (collectFirst) await call('HeapProfiler.collectGarbage');
    const answer = await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    return JSON.parse((answer['result'] as { value: string }).value);
  } finally {
    socket.close();
  }
}

/** The WebSocket URL of the process's one target, from its `/json/list` when given http://. */
async function debuggerUrl(inspectorUrl: string): Promise<string> {
  if (inspectorUrl.startsWith('ws')) return inspectorUrl;
  const targets = (await (await fetch(`${inspectorUrl}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  return targets[0].webSocketDebuggerUrl;
}
