import { createSocket } from 'node:dgram';
import { DISCOVERY_GROUP } from './onvif-test-device';

/**
 * Null when a datagram sent to the discovery group from 127.0.0.1 comes back to a member on
 * the loopback interface (Linux routes multicast from a bound 127.0.0.1 through `lo`, no route
 * or root needed); else why not. Tests of discovery fail with this reason rather than pass
 * without having probed.
 */
export async function loopbackMulticastProblem(timeoutMs = 2000): Promise<string | null> {
  const receiver = createSocket({ type: 'udp4', reuseAddr: true });
  const sender = createSocket({ type: 'udp4' });
  const token = `camrec-multicast-check-${process.pid}-${Date.now()}`;
  try {
    return await new Promise<string | null>((resolve) => {
      const timer = setTimeout(
        () => resolve(`no datagram came back within ${timeoutMs} ms`),
        timeoutMs,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        resolve(error.message);
      };
      receiver.on('error', fail);
      sender.on('error', fail);
      receiver.on('message', (message) => {
        if (message.toString() !== token) return;
        clearTimeout(timer);
        resolve(null);
      });
      receiver.bind(0, () => {
        try {
          receiver.addMembership(DISCOVERY_GROUP, '127.0.0.1');
        } catch (error) {
          fail(error as Error);
          return;
        }
        const port = receiver.address().port;
        sender.bind(0, '127.0.0.1', () => sender.send(token, port, DISCOVERY_GROUP));
      });
    });
  } finally {
    receiver.close();
    sender.close();
  }
}
