import { ntpToUnixMs } from '@camrec/mp4';

const RTCP_SENDER_REPORT = 200;
/** Distinct video RTP timestamps remembered, newest last (a few seconds of frames). */
const RECENT_FRAMES = 256;
/** How far the ingest's timeline may wander from the RTP timestamps and still match a frame. */
const MATCH_TOLERANCE_MS = 8;

/** A camera's sender report: its wall clock at one RTP timestamp of the video. */
interface SenderReport {
  ntpMs: number;
  rtpTime: number;
}

export interface VideoRtp {
  payloadTypes: Set<number>;
  clockRate: number;
  /** 'H264' or 'H265': which NAL unit types start a keyframe. */
  encoding: string;
}

/**
 * The camera's own clock for an RTSP ingest. RTSP cameras publish when each frame was captured
 * in their RTCP sender reports (RFC 3550: NTP wall clock ↔ RTP timestamp); ffmpeg reads them,
 * but its command line exposes neither them nor the RTP timestamps. The relay that carries
 * ffmpeg's connection to the camera reads along and tells this clock what it sees: the SDP's
 * video payload types, the video RTP timestamps and the sender reports. A camera that never
 * sends reports simply has no known capture times.
 */
export class SenderReportClock {
  private video: VideoRtp | null = null;
  private videoChannel: number | null = null;
  private report: SenderReport | null = null;
  /** Video RTP timestamps seen, in order; keyframes flagged. */
  private readonly frames: { rtpTime: number; keyframe: boolean }[] = [];
  /** RTP time minus the ingest's decode time, learned at a keyframe. */
  private rtpMinusDecode: number | null = null;

  /** Forgets everything: a new connection to the camera starts a new RTP session. */
  reset(): void {
    this.video = null;
    this.videoChannel = null;
    this.report = null;
    this.frames.length = 0;
    this.rtpMinusDecode = null;
  }

  /** The camera's session description (a DESCRIBE answer's SDP). */
  readDescription(sdp: string): void {
    this.video = videoFromSdp(sdp);
  }

  /**
   * A packet from the camera on interleaved `channel` (or the UDP port pair standing for it):
   * RTP on even channels, RTCP on the odd one after the video's.
   */
  readPacket(channel: number, packet: Buffer): void {
    if (channel % 2 === 0) this.readRtp(channel, packet);
    else if (channel === (this.videoChannel ?? -1) + 1) this.readRtcp(packet);
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

  private readRtp(channel: number, packet: Buffer): void {
    if (!this.video || packet.length < 12 || packet[0] >> 6 !== 2) return;
    if (!this.video.payloadTypes.has(packet[1] & 0x7f)) return;
    this.videoChannel = channel;
    const rtpTime = packet.readUInt32BE(4);
    const last = this.frames.at(-1);
    if (last?.rtpTime === rtpTime) {
      // Only the first packets of a frame tell a keyframe; the rest need no look.
      if (!last.keyframe) last.keyframe = startsKeyframe(this.video.encoding, rtpPayload(packet));
      return;
    }
    this.frames.push({
      rtpTime,
      keyframe: startsKeyframe(this.video.encoding, rtpPayload(packet)),
    });
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
