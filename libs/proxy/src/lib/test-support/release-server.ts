import { createServer, Server } from 'node:http';

export interface ReleaseFile {
  body: Buffer;
  /** Send only this many bytes, then break the connection (announcing the full length). */
  cutAfter?: number;
  /** Pause between chunks, ms, so progress can be watched. */
  chunkDelayMs?: number;
}

export interface ReleaseServer {
  /** The release folder's URL. */
  url: string;
  files: Map<string, ReleaseFile>;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A local HTTP server standing in for a release download folder. */
export async function startReleaseServer(): Promise<ReleaseServer> {
  const files = new Map<string, ReleaseFile>();
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const name = decodeURIComponent((request.url ?? '/').split('/').pop() ?? '');
    requests.push(name);
    const file = files.get(name);
    if (!file) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-length': file.body.length });
    const end = file.cutAfter ?? file.body.length;
    const chunk = 16 * 1024;
    let offset = 0;
    const next = () => {
      if (response.destroyed) return;
      if (offset >= end) {
        if (file.cutAfter !== undefined) response.destroy();
        else response.end();
        return;
      }
      response.write(file.body.subarray(offset, Math.min(end, offset + chunk)));
      offset += chunk;
      setTimeout(next, file.chunkDelayMs ?? 0);
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/release`,
    files,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
