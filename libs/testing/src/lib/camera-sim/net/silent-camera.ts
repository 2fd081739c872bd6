// A camera that accepts TCP connections and never sends a byte: what a hung camera or a
// firewall that swallows packets looks like to a client, for timeout tests.
import { createServer, Socket } from 'node:net';
import { CameraAuth, SimCamera, cameraUrls } from '../camera-options';
import { closeServer, listen } from './tcp-listen';

export async function startSilentCamera(
  scheme: 'http' | 'rtsp',
  host: string,
  port: number,
  path: string,
  auth: CameraAuth | undefined,
): Promise<SimCamera> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.resume(); // read and discard whatever the client sends
  });
  const boundPort = await listen(server, port, host);
  let stopping: Promise<void> | null = null;
  return {
    ...cameraUrls(scheme, host, boundPort, path, auth),
    port: boundPort,
    stop: () => {
      stopping ??= (async () => {
        for (const socket of sockets) socket.destroy();
        await closeServer(server);
      })();
      return stopping;
    },
    pids: () => [],
    framesEmitted: () => 0,
  };
}
