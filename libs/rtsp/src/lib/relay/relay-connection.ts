import type { Socket } from 'node:net';
import {
  getHeader,
  getHeaders,
  isResponse,
  relayResponse,
  serializeMessage,
  setHeader,
  statusOf,
  type InterleavedFrame,
  type RtspMessage,
} from '../rtsp-message';
import { RtspReader } from '../rtsp-reader';
import { CameraAuthenticator } from './camera-authenticator';
import { cameraErrorStatus, dialCamera, takeParkedCamera } from './camera-dial';
import { rtpInfoToRelay, tokenOf, toCameraUrl, toRelayUrl, type RelayRoute } from './relay-route';
import { UdpTrack } from './udp-track';

/** A client that names no camera within this time is dropped. */
const FIRST_REQUEST_TIMEOUT_MS = 10_000;
/** Requests ffmpeg may send before the camera connection is up (it sends one and waits). */
const MAX_WAITING_REQUESTS = 8;
/** Requests sent to the camera and not answered yet; more means the client is not ffmpeg. */
const MAX_PENDING_REQUESTS = 32;
/** RTP from a UDP camera waiting for ffmpeg beyond this is dropped, as UDP would drop it. */
const MAX_UDP_BACKLOG_BYTES = 2 * 1024 * 1024;

export interface RelayConnectionOptions {
  findRoute(token: string): RelayRoute | undefined;
  onClose(connection: RelayConnection): void;
}

interface PendingRequest {
  message: RtspMessage;
  method: string;
  /** The request URL on the camera. */
  uri: string;
  clientCSeq: string | undefined;
  /** Each request is answered again at most once after a 401. */
  retried: boolean;
  /** SETUP of a UDP-only camera's track, carried to ffmpeg over TCP. */
  udp?: UdpTrack;
}

/**
 * One ffmpeg connection and the relay's own connection to its camera. Requests go to the
 * camera with the camera's URLs and the relay's answers to 401 challenges; answers come back
 * with relay URLs; after PLAY the interleaved RTP/RTCP passes untouched both ways, with
 * backpressure (a side that cannot keep up pauses the other), and the camera's side is read
 * along for the route's sender-report clock.
 */
export class RelayConnection {
  private readonly fromClient = new RtspReader();
  private readonly fromCamera = new RtspReader();
  private bound: RelayRoute | null = null;
  private auth: CameraAuthenticator | null = null;
  private camera: Socket | null = null;
  private cameraReady = false;
  private readonly waiting: PendingRequest[] = [];
  /** Sent requests by the relay's CSeq (the relay numbers its own requests to the camera). */
  private readonly pending = new Map<string, PendingRequest>();
  private cseq = 0;
  /** The camera refused RTP over TCP: every track comes over UDP and is carried on to ffmpeg. */
  private udpMode = false;
  private readonly udpTracks: UdpTrack[] = [];
  /** Keeps requests in order while a UDP port pair is being bound. */
  private sendQueue: Promise<void> = Promise.resolve();
  private closed = false;
  /** Aborts a connection to the camera still being made. */
  private readonly closing = new AbortController();

  constructor(
    private readonly client: Socket,
    private readonly options: RelayConnectionOptions,
  ) {
    client.on('data', (chunk: Buffer) => this.onClientData(chunk));
    client.setTimeout(FIRST_REQUEST_TIMEOUT_MS, () => this.close());
    client.on('error', () => this.close());
    client.on('close', () => this.close());
  }

  /** The camera this connection is for, once its first request named it. */
  get route(): RelayRoute | null {
    return this.bound;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    this.client.destroy();
    this.camera?.destroy();
    for (const track of this.udpTracks) track.close();
    this.options.onClose(this);
  }

  private onClientData(chunk: Buffer): void {
    let items;
    try {
      items = this.fromClient.push(chunk);
    } catch {
      return this.close();
    }
    for (const item of items) {
      if (this.closed) return;
      if (item.kind === 'interleaved') {
        if (this.udpMode) {
          const track = this.udpTracks.find((t) => t.channels.rtcp === item.channel);
          track?.sendRtcp(item.bytes.subarray(4));
        } else if (this.camera && this.cameraReady) {
          this.forward(this.client, this.camera, item.bytes);
        }
      } else if (isResponse(item)) {
        // ffmpeg answering a request of the camera (e.g. GET_PARAMETER).
        if (this.camera && this.cameraReady) this.camera.write(serializeMessage(item));
      } else {
        this.onClientRequest(item);
      }
    }
  }

  private onClientRequest(message: RtspMessage): void {
    const [method, uri] = message.startLine.split(' ');
    const clientCSeq = getHeader(message, 'CSeq');
    const token = tokenOf(uri);
    if (!this.bound) {
      const route = token === null ? undefined : this.options.findRoute(token);
      if (!route) return this.refuse(404, 'Not Found', clientCSeq);
      this.bound = route;
      this.client.setTimeout(0);
      this.auth = new CameraAuthenticator(route.user, route.password);
      // A new connection to the camera is a new RTP session: its clock starts over.
      route.clock.reset();
      this.connectCamera(route);
    } else if (token !== null && token !== this.bound.token) {
      return this.refuse(404, 'Not Found', clientCSeq);
    }
    setHeader(message, 'Authorization', null);
    const request: PendingRequest = {
      message,
      method,
      uri: toCameraUrl(this.bound, uri),
      clientCSeq,
      retried: false,
    };
    if (this.cameraReady) return this.enqueue(request);
    if (this.waiting.length >= MAX_WAITING_REQUESTS) return this.close();
    this.waiting.push(request);
  }

  private refuse(status: number, reason: string, cseq: string | undefined): void {
    this.client.end(relayResponse(status, reason, cseq));
    this.close();
  }

  /** The connection `reach` left open for this route, else a new one. */
  private connectCamera(route: RelayRoute): void {
    const parked = takeParkedCamera(route);
    if (parked) return this.attachCamera(parked);
    dialCamera(route, this.closing.signal).then(
      (camera) => (this.closed ? camera.destroy() : this.attachCamera(camera)),
      (error: NodeJS.ErrnoException) => this.failCamera(...cameraErrorStatus(error)),
    );
  }

  private attachCamera(camera: Socket): void {
    this.camera = camera;
    this.cameraReady = true;
    camera.on('data', (chunk: Buffer) => this.onCameraData(chunk));
    camera.on('error', () => this.close());
    camera.on('close', () => {
      // Whatever the camera sent last must reach ffmpeg before its connection ends.
      if (!this.closed) this.client.end(() => this.close());
    });
    for (const request of this.waiting.splice(0)) this.enqueue(request);
  }

  /** The camera cannot be reached: ffmpeg reads why in the status line (e.g. "refused"). */
  private failCamera(status: number, reason: string): void {
    if (this.closed) return;
    const waiting = this.waiting.splice(0);
    const cseq = waiting.at(-1)?.clientCSeq;
    this.refuse(status, reason, cseq);
  }

  private enqueue(request: PendingRequest): void {
    this.sendQueue = this.sendQueue.then(() => this.send(request)).catch(() => this.close());
  }

  private async send(request: PendingRequest): Promise<void> {
    if (this.closed || !this.camera || !this.auth) return;
    const message = request.message;
    if (request.method === 'SETUP' && this.udpMode && !request.udp) {
      request.udp = await this.openUdpTrack(message);
      if (this.closed) return;
    }
    if (this.pending.size >= MAX_PENDING_REQUESTS) return this.close();
    const cseq = String(++this.cseq);
    this.pending.set(cseq, request);
    message.startLine = `${request.method} ${request.uri} RTSP/1.0`;
    setHeader(message, 'CSeq', cseq);
    setHeader(message, 'Authorization', this.auth.authorization(request.method, request.uri));
    if (request.udp) {
      setHeader(message, 'Transport', `RTP/AVP;unicast;client_port=${request.udp.clientPorts}`);
    }
    this.camera.write(serializeMessage(message));
  }

  private async openUdpTrack(setup: RtspMessage): Promise<UdpTrack> {
    const camera = this.camera as Socket;
    const channels = interleavedChannels(getHeader(setup, 'Transport')) ?? {
      rtp: this.udpTracks.length * 2,
      rtcp: this.udpTracks.length * 2 + 1,
    };
    const track = await UdpTrack.open(
      camera.localAddress as string,
      camera.remoteAddress as string,
      channels,
      (channel, payload) => this.deliverUdp(channel, payload),
    );
    this.udpTracks.push(track);
    if (this.closed) track.close();
    return track;
  }

  private deliverUdp(channel: number, payload: Buffer): void {
    if (this.closed || this.client.writableLength > MAX_UDP_BACKLOG_BYTES) return;
    this.bound?.clock.readPacket(channel, payload);
    const header = Buffer.from([0x24, channel, payload.length >> 8, payload.length & 0xff]);
    this.client.write(Buffer.concat([header, payload]));
  }

  private onCameraData(chunk: Buffer): void {
    let items;
    try {
      items = this.fromCamera.push(chunk);
    } catch {
      return this.close();
    }
    const clock = this.bound?.clock;
    // Frames that lie back to back in the chunk go to ffmpeg as one write, untouched.
    let run: Buffer | null = null;
    for (const item of items) {
      if (this.closed) return;
      if (item.kind === 'interleaved') {
        clock?.readPacket(item.channel, payloadOf(item));
        run =
          run && follows(run, item.bytes) ? extend(run, item.bytes) : this.flush(run, item.bytes);
        continue;
      }
      run = this.flush(run, null);
      if (isResponse(item)) {
        this.onCameraResponse(item);
      } else {
        // A request of the camera to ffmpeg (e.g. ANNOUNCE, keep-alive GET_PARAMETER).
        this.client.write(serializeMessage(item));
      }
    }
    this.flush(run, null);
  }

  /** Writes `run` (frames for ffmpeg) if any, and returns `next` as the new run. */
  private flush(run: Buffer | null, next: Buffer | null): Buffer | null {
    if (run && !this.closed) this.forward(this.camera as Socket, this.client, run);
    return next;
  }

  private onCameraResponse(response: RtspMessage): void {
    const cseq = getHeader(response, 'CSeq') ?? '';
    const request = this.pending.get(cseq);
    const route = this.bound;
    if (!request || !route || !this.auth) return;
    this.pending.delete(cseq);
    const status = statusOf(response);
    if (status === 401 && !request.retried) {
      request.retried = true;
      if (this.auth.accept(getHeaders(response, 'WWW-Authenticate'))) return this.enqueue(request);
    }
    if (status === 461 && request.method === 'SETUP' && !request.udp) {
      // A UDP-only camera: the relay receives its RTP and carries it to ffmpeg over TCP.
      this.udpMode = true;
      return this.enqueue(request);
    }
    if (request.udp) this.completeUdpSetup(request.udp, response, status);
    if (status === 200 && /^application\/sdp\b/i.test(getHeader(response, 'Content-Type') ?? '')) {
      route.clock.readDescription(response.body.toString('utf8'));
    }
    if (request.method === 'DESCRIBE' && status === 200 && !getHeader(response, 'Content-Base')) {
      // Without it ffmpeg would resolve track URLs against the relay URL, which stands for
      // the camera URL as a whole; the camera's request URL is the base it means (RFC 2326).
      setHeader(response, 'Content-Base', getHeader(response, 'Content-Location') ?? request.uri);
    }
    for (const name of ['Content-Base', 'Content-Location']) {
      const value = getHeader(response, name);
      if (value !== undefined) setHeader(response, name, toRelayUrl(route, value));
    }
    const rtpInfo = getHeader(response, 'RTP-Info');
    if (rtpInfo !== undefined) setHeader(response, 'RTP-Info', rtpInfoToRelay(route, rtpInfo));
    setHeader(response, 'CSeq', request.clientCSeq ?? null);
    this.client.write(serializeMessage(response));
  }

  /** ffmpeg asked for interleaved TCP: tell it that is what it got, on the channels it chose. */
  private completeUdpSetup(track: UdpTrack, response: RtspMessage, status: number): void {
    const transport = getHeader(response, 'Transport') ?? '';
    const serverPorts = /server_port=(\d+)-(\d+)/.exec(transport);
    if (status !== 200 || !serverPorts) return;
    track.connect(Number(serverPorts[1]), Number(serverPorts[2]));
    const ssrc = /;ssrc=([0-9A-Fa-f]+)/.exec(transport)?.[1];
    const { rtp, rtcp } = track.channels;
    setHeader(
      response,
      'Transport',
      `RTP/AVP/TCP;unicast;interleaved=${rtp}-${rtcp}${ssrc ? `;ssrc=${ssrc}` : ''}`,
    );
  }

  private forward(from: Socket, to: Socket, bytes: Buffer): void {
    if (to.write(bytes) || from.isPaused()) return;
    from.pause();
    to.once('drain', () => from.resume());
  }
}

const payloadOf = (frame: InterleavedFrame): Buffer => frame.bytes.subarray(4);

/** Whether `next` starts where `run` ends, in the same memory (the same chunk). */
function follows(run: Buffer, next: Buffer): boolean {
  return run.buffer === next.buffer && run.byteOffset + run.length === next.byteOffset;
}

function extend(run: Buffer, next: Buffer): Buffer {
  return Buffer.from(run.buffer, run.byteOffset, run.length + next.length);
}

function interleavedChannels(transport: string | undefined): { rtp: number; rtcp: number } | null {
  const match = /interleaved=(\d+)-(\d+)/.exec(transport ?? '');
  return match ? { rtp: Number(match[1]), rtcp: Number(match[2]) } : null;
}
