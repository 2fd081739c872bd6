import { createConnection, createServer, Server, Socket } from 'node:net';

export interface ConnectionCounter {
  /** The port to reach the camera at through the counter, in place of its own. */
  port: number;
  /** Connections ever accepted. */
  total(): number;
  /** Connections open now. */
  open(): number;
  close(): Promise<void>;
}

/**
 * A TCP relay in front of a camera that counts the connections made to it: how many sockets
 * reach the camera, whatever is between it and ffmpeg.
 */
export async function countConnections(targetPort: number): Promise<ConnectionCounter> {
  let total = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    total++;
    const camera = createConnection(targetPort, '127.0.0.1');
    sockets.add(client);
    client.on('close', () => {
      sockets.delete(client);
      camera.destroy();
    });
    camera.on('close', () => client.destroy());
    client.on('error', () => camera.destroy());
    camera.on('error', () => client.destroy());
    client.pipe(camera).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    total: () => total,
    open: () => sockets.size,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
