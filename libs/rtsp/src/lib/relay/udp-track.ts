import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/** Ports tried for an even/odd RTP/RTCP pair before giving up. */
const PORT_PAIR_TRIES = 20;

/**
 * One media track of a camera that sends RTP only over UDP: the relay receives it on a port
 * pair of its own and hands each packet to `deliver` (which frames it for ffmpeg's TCP
 * connection), and sends ffmpeg's RTCP reports back to the camera. Packets from any address
 * but the camera's are ignored.
 */
export class UdpTrack {
  private cameraPorts: { rtp: number; rtcp: number } | null = null;

  private constructor(
    private readonly rtp: UdpSocket,
    private readonly rtcp: UdpSocket,
    private readonly cameraAddress: string,
    /** The channels ffmpeg asked for on its TCP connection. */
    readonly channels: { rtp: number; rtcp: number },
  ) {}

  /** Binds an RTP/RTCP port pair on `localAddress` (the interface that reaches the camera). */
  static async open(
    localAddress: string,
    cameraAddress: string,
    channels: { rtp: number; rtcp: number },
    deliver: (channel: number, payload: Buffer) => void,
  ): Promise<UdpTrack> {
    for (let attempt = 0; attempt < PORT_PAIR_TRIES; attempt++) {
      const rtp = await bind(localAddress, 0);
      const port = rtp.address().port;
      const rtcp = port % 2 === 0 ? await bind(localAddress, port + 1).catch(() => null) : null;
      if (!rtcp) {
        rtp.close();
        continue;
      }
      const track = new UdpTrack(rtp, rtcp, cameraAddress, channels);
      rtp.on('message', (payload, from) => {
        if (from.address === cameraAddress) deliver(channels.rtp, payload);
      });
      rtcp.on('message', (payload, from) => {
        if (from.address === cameraAddress) deliver(channels.rtcp, payload);
      });
      return track;
    }
    throw new Error(`no free UDP port pair on ${localAddress}`);
  }

  get clientPorts(): string {
    return `${this.rtp.address().port}-${this.rtcp.address().port}`;
  }

  /** The camera's `server_port` pair, from its SETUP answer. */
  connect(rtpPort: number, rtcpPort: number): void {
    this.cameraPorts = { rtp: rtpPort, rtcp: rtcpPort };
  }

  /** An RTCP packet from ffmpeg (receiver report) to the camera. */
  sendRtcp(payload: Buffer): void {
    if (this.cameraPorts) this.rtcp.send(payload, this.cameraPorts.rtcp, this.cameraAddress);
  }

  close(): void {
    for (const socket of [this.rtp, this.rtcp]) {
      try {
        socket.close();
      } catch {
        // Already closed.
      }
    }
  }
}

function bind(address: string, port: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(port, address, () => {
      socket.removeAllListeners('error');
      // A send error (camera gone) surfaces on the RTSP connection; nothing to do here.
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}
