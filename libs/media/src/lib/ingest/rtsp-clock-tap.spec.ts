import { videoFromSdp } from './rtsp-clock-tap';

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
