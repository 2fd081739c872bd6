import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';

/**
 * The user id that owns the other end of a loopback TCP connection this process accepted,
 * read from Linux's socket tables: the client's socket is the one whose local address is our
 * remote address. Undefined where the system does not tell (not Linux, /proc unreadable);
 * -1 when no such socket is listed (the client is already gone).
 */
export async function loopbackPeerUid(socket: Socket): Promise<number | undefined> {
  if (process.platform !== 'linux') return undefined;
  const address = socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || socket.remotePort === undefined) return -1;
  const ipv4 = octets
    .reverse()
    .map((octet) => octet.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
  const port = socket.remotePort.toString(16).padStart(4, '0').toUpperCase();
  // An IPv6 socket connected to 127.0.0.1 is listed in tcp6 with the IPv4-mapped address.
  const locals = [`${ipv4}:${port}`, `0000000000000000FFFF0000${ipv4}:${port}`];
  let readable = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
      readable = true;
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (locals.includes(fields[1])) return Number(fields[7]);
    }
  }
  return readable ? -1 : undefined;
}
