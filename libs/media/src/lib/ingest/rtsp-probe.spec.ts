import { parseFfprobeStreams } from './rtsp-probe';

describe('parseFfprobeStreams', () => {
  it('reads video and audio and ignores implausible frame rates', () => {
    const json = JSON.stringify({
      streams: [
        {
          index: 0,
          codec_type: 'video',
          codec_name: 'h264',
          width: 1920,
          height: 1080,
          avg_frame_rate: '0/0',
          r_frame_rate: '90000/1',
        },
        { index: 1, codec_type: 'audio', codec_name: 'pcm_alaw' },
      ],
    });
    expect(parseFfprobeStreams(json)).toEqual({
      video: { codec: 'h264', width: 1920, height: 1080, fps: null },
      audio: { codec: 'pcm_alaw' },
    });
  });

  it('prefers the average frame rate and rounds it', () => {
    const json = JSON.stringify({
      streams: [
        {
          codec_type: 'video',
          codec_name: 'hevc',
          width: 640,
          height: 360,
          avg_frame_rate: '30000/1001',
          r_frame_rate: '30/1',
        },
      ],
    });
    expect(parseFfprobeStreams(json).video?.fps).toBe(29.97);
  });

  it('reports a stream without video as such', () => {
    expect(
      parseFfprobeStreams('{"streams":[{"codec_type":"audio","codec_name":"aac"}]}').video,
    ).toBeNull();
    expect(() => parseFfprobeStreams('not json')).toThrow(/no readable stream list/);
  });
});
