import { unixMsToNtp } from '@camrec/mp4';
import { SenderReportClock, videoFromSdp } from './sender-report-clock';

const H264_SDP = [
  'v=0',
  'm=audio 0 RTP/AVP 97',
  'a=rtpmap:97 MPEG4-GENERIC/48000/1',
  'm=video 0 RTP/AVP 96',
  'a=rtpmap:96 H264/90000',
  '',
].join('\r\n');

/** An RTP packet of payload type 96 at `rtpTime`, whose payload starts with NAL type `nal`. */
function rtp(rtpTime: number, nal: number): Buffer {
  const packet = Buffer.alloc(20);
  packet[0] = 0x80;
  packet[1] = 96;
  packet.writeUInt32BE(rtpTime >>> 0, 4);
  packet[12] = nal;
  return packet;
}

/** An RTCP sender report: the camera's wall clock `unixMs` at `rtpTime`. */
function senderReport(unixMs: number, rtpTime: number): Buffer {
  const packet = Buffer.alloc(28);
  packet[0] = 0x80;
  packet[1] = 200;
  packet.writeUInt16BE(6, 2);
  const ntp = unixMsToNtp(unixMs);
  packet.writeUInt32BE(ntp.seconds, 8);
  packet.writeUInt32BE(ntp.fraction, 12);
  packet.writeUInt32BE(rtpTime >>> 0, 16);
  return packet;
}

describe('SenderReportClock', () => {
  // 30 fps at 90 kHz: 3000 ticks a frame; RTP time starts near the 32-bit wrap.
  const FIRST_RTP = 0xffff_0000;
  const REPORTED_AT = Date.UTC(2026, 11, 5, 12, 0, 0);

  function clockWithFrames(frames: number): SenderReportClock {
    const clock = new SenderReportClock();
    clock.readDescription(H264_SDP);
    for (let i = 0; i < frames; i++) {
      // An IDR (5) every 30 frames, else a non-IDR slice (1).
      clock.readPacket(0, rtp(FIRST_RTP + i * 3000, i % 30 === 0 ? 5 : 1));
    }
    return clock;
  }

  it("gives each frame the camera's wall-clock capture time, from the sender report", () => {
    const clock = clockWithFrames(40);
    // Nothing known before the first report.
    expect(clock.captureTimeOf(0, 90000, true)).toBeNull();
    clock.readPacket(1, senderReport(REPORTED_AT, FIRST_RTP));
    // The ingest's timeline starts at 0 on the latest keyframe (frame 30), at another timescale.
    expect(clock.captureTimeOf(0, 15360, true)).toBeCloseTo(REPORTED_AT + 1000, 3);
    expect(clock.captureTimeOf(512 * 5, 15360, false)).toBeCloseTo(
      REPORTED_AT + 1000 + 5 * 33.333,
      0,
    );
  });

  it('reads RTCP only on the channel after the video RTP, and forgets on reset', () => {
    const clock = clockWithFrames(31);
    clock.readPacket(3, senderReport(REPORTED_AT, FIRST_RTP));
    expect(clock.captureTimeOf(0, 90000, true)).toBeNull();
    clock.readPacket(1, senderReport(REPORTED_AT, FIRST_RTP));
    expect(clock.captureTimeOf(0, 90000, true)).toBeCloseTo(REPORTED_AT + 1000, 3);
    clock.reset();
    expect(clock.captureTimeOf(0, 90000, true)).toBeNull();
  });

  it('says null for a frame it did not see (not matched to the RTP timeline)', () => {
    const clock = clockWithFrames(31);
    clock.readPacket(1, senderReport(REPORTED_AT, FIRST_RTP));
    expect(clock.captureTimeOf(0, 90000, true)).not.toBeNull();
    expect(clock.captureTimeOf(90000 * 10, 90000, false)).toBeNull();
  });
});

describe('videoFromSdp', () => {
  it("finds the video section's payload types, encoding and clock rate", () => {
    const sdp = [
      'v=0',
      'o=- 1 1 IN IP4 127.0.0.1',
      's=Session',
      't=0 0',
      'm=audio 0 RTP/AVP 97',
      'a=rtpmap:97 MPEG4-GENERIC/48000/1',
      'm=video 0 RTP/AVP 96',
      'a=rtpmap:96 H265/90000',
      'a=control:stream=0',
      '',
    ].join('\r\n');
    const video = videoFromSdp(sdp);
    expect(video && [...video.payloadTypes]).toEqual([96]);
    expect(video).toMatchObject({ encoding: 'H265', clockRate: 90000 });
  });

  it('says null for a description without video', () => {
    expect(videoFromSdp('v=0\r\nm=audio 0 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n')).toBeNull();
  });
});
