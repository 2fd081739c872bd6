import { connect, createServer, type Server, type Socket } from 'node:net';
import { ntpToUnixMs } from '@camrec/mp4';
import { classifySocketError, SourceFailure } from './source-failure';

const RTCP_SENDER_REPORT = 200;
/** An RTSP message header longer than this is not RTSP: stop reading, keep relaying. */
const MAX_HEADER_BYTES = 64 * 1024;
/** Distinct video RTP timestamps remembered, newest last (a few seconds of frames). */
const RECENT_FRAMES = 256;
/** How far the ingest's timeline may wander from the RTP timestamps and still match a frame. */
const MATCH_TOLERANCE_MS = 8;

/** A camera's sender report: its wall clock at one RTP timestamp of the video. */
interface SenderReport {
  ntpMs: number;
  rtpTime: number;
}

interface VideoRtp {
  payloadTypes: Set<number>;
  clockRate: number;
  /** 'H264' or 'H265': which NAL unit types start a keyframe. */
  encoding: string;
}

/**
 * The camera's own clock for an RTSP ingest. RTSP cameras publish when each frame was captured
 * in their RTCP sender reports (RFC 3550: NTP wall clock ↔ RTP timestamp); ffmpeg reads them,
 * but its command line exposes neither them nor the RTP timestamps. So the ingest's one
 * connection to the camera passes through this relay: ffmpeg connects to 127.0.0.1:`port`,
 * every byte is forwarded unchanged both ways over the relay's single connection to the camera,
 * and the relay reads along the camera's side when RTP is interleaved on that connection (what
 * ffmpeg's `prefer_tcp` asks for): the SDP's video payload types, the video RTP timestamps and
 * the sender reports. A camera that sends RTP over UDP or never sends reports simply has no
 * known capture times.
 */
export class RtspClockTap {
  private server: Server | null = null;
  private client: Socket | null = null;
  private pending: Buffer = Buffer.alloc(0);
  private reading = true;
  private video: VideoRtp | null = null;
  private videoChannel: number | null = null;
  private report: SenderReport | null = null;
  /** Video RTP timestamps seen, in order; keyframes flagged. */
  private readonly frames: { rtpTime: number; keyframe: boolean }[] = [];
  /** RTP time minus the ingest's decode time, learned at a keyframe. */
  private rtpMinusDecode: number | null = null;

  private constructor(
    private readonly camera: Socket,
    readonly port: number,
  ) {}

  /**
   * Connects to the camera first, so a refused or silent camera fails here with the same
   * classification ffmpeg's own connection would get, then listens for ffmpeg.
   */
  static async open(host: string, port: number, timeoutS: number): Promise<RtspClockTap> {
    const camera = await new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new SourceFailure('timeout', `no answer within ${timeoutS} s`));
      }, timeoutS * 1000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(classifySocketError(error));
      });
    });
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    }).catch((error: Error) => {
      camera.destroy();
      throw error;
    });
    const address = server.address();
    const tap = new RtspClockTap(camera, typeof address === 'object' && address ? address.port : 0);
    tap.server = server;
    server.once('connection', (client) => tap.relay(client));
    camera.on('error', () => tap.close());
    camera.on('close', () => tap.close());
    return tap;
  }

  /** The URL ffmpeg opens instead of the camera's: same credentials, path and query. */
  localUrl(cameraUrl: string): string {
    const url = new URL(cameraUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /**
   * Camera wall-clock ms at which the frame the ingest stamped `decodeTime` (in `timescale`)
   * was captured, or null while unknown (no report yet, or not yet matched to the ingest's
   * timeline). The ingest's decode times follow the RTP timestamps at a constant offset, give
   * or take a few ms (with audio, ffmpeg re-times the streams at each sender report), so a
   * frame matches the RTP frame nearest to it within MATCH_TOLERANCE_MS, and the offset follows
   * each match. It is found at a keyframe: keyframes are rare enough in the RTP stream that the
   * latest one seen is the one ffmpeg just wrote.
   */
  captureTimeOf(decodeTime: number, timescale: number, keyframe: boolean): number | null {
    if (!this.video || !this.report) return null;
    const decodeRtp = Math.round((decodeTime * this.video.clockRate) / timescale);
    if (keyframe) {
      const latestKey = [...this.frames].reverse().find((f) => f.keyframe);
      this.rtpMinusDecode = latestKey ? (latestKey.rtpTime - decodeRtp) >>> 0 : null;
    }
    if (this.rtpMinusDecode === null) return null;
    const expected = (decodeRtp + this.rtpMinusDecode) >>> 0;
    const tolerance = (MATCH_TOLERANCE_MS / 1000) * this.video.clockRate;
    const frame = this.frames.find((f) => Math.abs((f.rtpTime - expected) | 0) <= tolerance);
    if (!frame) {
      this.rtpMinusDecode = null;
      return null;
    }
    this.rtpMinusDecode = (frame.rtpTime - decodeRtp) >>> 0;
    const sinceReport = ((frame.rtpTime - this.report.rtpTime) | 0) / this.video.clockRate;
    return this.report.ntpMs + sinceReport * 1000;
  }

  close(): void {
    this.server?.close();
    this.server = null;
    this.client?.destroy();
    this.camera.destroy();
  }

  private relay(client: Socket): void {
    this.server?.close();
    this.server = null;
    this.client = client;
    client.setNoDelay(true);
    client.pipe(this.camera);
    this.camera.pipe(client);
    this.camera.on('data', (chunk: Buffer) => this.read(chunk));
    client.on('error', () => this.close());
    client.on('close', () => this.close());
  }

  private read(chunk: Buffer): void {
    if (!this.reading) return;
    let data = chunk;
    if (this.pending.length) {
      // Only the bytes the unfinished unit still lacks are copied, not the whole chunk: at
      // camera bitrates a chunk is tens of kB, and every byte of the video passes here.
      const take = Math.min(data.length, this.bytesToComplete());
      this.pending = Buffer.concat([this.pending, data.subarray(0, take)]);
      data = data.subarray(take);
      if (!this.readUnits(this.pending)) return;
      if (this.pending.length) return;
    }
    this.readUnits(data);
  }

  /** What the unit started in `pending` still needs; unknown for a message: the whole chunk. */
  private bytesToComplete(): number {
    if (this.pending[0] !== 0x24 || this.pending.length < 4) return Infinity;
    return 4 + this.pending.readUInt16BE(2) - this.pending.length;
  }

  /**
   * Reads the complete units at the start of `data`, keeps the rest in `pending`. Returns
   * false when the stream is not RTSP any more (reading stops; relaying goes on).
   */
  private readUnits(data: Buffer): boolean {
    let at = 0;
    for (;;) {
      const used = data[at] === 0x24 ? this.readInterleaved(data, at) : this.readMessage(data, at);
      if (used < 0) {
        this.reading = false;
        this.pending = Buffer.alloc(0);
        return false;
      }
      if (used === 0) break;
      at += used;
    }
    this.pending = data.subarray(at);
    return true;
  }

  /** `$`, channel, 16-bit length, RTP or RTCP packet. Returns bytes used, 0 for "need more". */
  private readInterleaved(data: Buffer, at: number): number {
    if (data.length - at < 4) return 0;
    const length = data.readUInt16BE(at + 2);
    if (data.length - at < 4 + length) return 0;
    const channel = data[at + 1];
    if (channel % 2 === 0) this.readRtp(channel, data.subarray(at + 4, at + 4 + length));
    else if (channel === (this.videoChannel ?? -1) + 1) {
      this.readRtcp(data.subarray(at + 4, at + 4 + length));
    }
    return 4 + length;
  }

  /** An RTSP response (or server request): headers, then Content-Length bytes of body. */
  private readMessage(data: Buffer, at: number): number {
    if (at >= data.length) return 0;
    const end = data.indexOf('\r\n\r\n', at);
    if (end < 0) return data.length - at > MAX_HEADER_BYTES ? -1 : 0;
    const head = data.toString('latin1', at, end);
    if (!/^RTSP\/1\.0 |^[A-Z_]+ \S+ RTSP\/1\.0/.test(head)) return -1;
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (data.length < end + 4 + length) return 0;
    if (/\r\ncontent-type:\s*application\/sdp/i.test(head)) {
      this.video = videoFromSdp(data.toString('utf8', end + 4, end + 4 + length));
    }
    return end + 4 - at + length;
  }

  private readRtp(channel: number, packet: Buffer): void {
    if (!this.video || packet.length < 12 || packet[0] >> 6 !== 2) return;
    if (!this.video.payloadTypes.has(packet[1] & 0x7f)) return;
    this.videoChannel = channel;
    const rtpTime = packet.readUInt32BE(4);
    const keyframe = startsKeyframe(this.video.encoding, rtpPayload(packet));
    const last = this.frames.at(-1);
    if (last?.rtpTime === rtpTime) {
      last.keyframe ||= keyframe;
      return;
    }
    this.frames.push({ rtpTime, keyframe });
    if (this.frames.length > RECENT_FRAMES) this.frames.shift();
  }

  private readRtcp(packet: Buffer): void {
    for (let offset = 0; offset + 20 <= packet.length;) {
      const words = packet.readUInt16BE(offset + 2);
      if (packet[offset + 1] === RTCP_SENDER_REPORT && offset + 28 <= packet.length) {
        this.report = {
          ntpMs: ntpToUnixMs(packet.readUInt32BE(offset + 8), packet.readUInt32BE(offset + 12)),
          rtpTime: packet.readUInt32BE(offset + 16),
        };
      }
      offset += (words + 1) * 4;
    }
  }
}

/** The video section's payload types and clock rate (`a=rtpmap:96 H264/90000`). */
export function videoFromSdp(sdp: string): VideoRtp | null {
  const video = sdp.split(/\r?\nm=/).find((section) => section.startsWith('video '));
  if (!video) return null;
  const payloadTypes = new Set<number>();
  let clockRate = 90000;
  let encoding = '';
  for (const match of video.matchAll(/a=rtpmap:(\d+) ([\w-]+)\/(\d+)/g)) {
    payloadTypes.add(Number(match[1]));
    encoding = match[2].toUpperCase();
    clockRate = Number(match[3]);
  }
  return payloadTypes.size ? { payloadTypes, clockRate, encoding } : null;
}

function rtpPayload(packet: Buffer): Buffer {
  let offset = 12 + (packet[0] & 0x0f) * 4;
  if (packet[0] & 0x10 && offset + 4 <= packet.length) {
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  return packet.subarray(Math.min(offset, packet.length));
}

/** An IDR/IRAP picture or the parameter sets that precede one (RFC 6184, RFC 7798). */
function startsKeyframe(encoding: string, payload: Buffer): boolean {
  if (payload.length < 2) return false;
  if (encoding === 'H264') {
    const type = payload[0] & 0x1f;
    const inner = type === 24 ? payload[3] & 0x1f : type === 28 ? payload[1] & 0x1f : type;
    return inner === 5 || inner === 7;
  }
  if (encoding === 'H265' && payload.length >= 3) {
    const type = (payload[0] >> 1) & 0x3f;
    const inner = type === 48 ? (payload[4] >> 1) & 0x3f : type === 49 ? payload[2] & 0x3f : type;
    return (inner >= 16 && inner <= 21) || (inner >= 32 && inner <= 34);
  }
  return false;
}
