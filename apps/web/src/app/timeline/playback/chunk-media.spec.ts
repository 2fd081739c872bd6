import { readMp4Fixture } from '@camrec/mp4/testing';
import { describeChunk } from './chunk-media';

describe('describeChunk', () => {
  it('reads the MIME type and the frames of a video-only chunk', () => {
    const chunk = describeChunk(readMp4Fixture('every-frame.mp4'));
    expect(chunk?.mime).toMatch(/^video\/mp4; codecs="avc1\.64..0a"$/);
    expect(chunk?.frameTimesS).toHaveLength(10);
    // 10 frames at 10 fps: the next chunk starts a second after this one's first frame.
    expect((chunk?.endS ?? 0) - (chunk?.startS ?? 0)).toBeCloseTo(1, 6);
    const times = chunk?.frameTimesS ?? [];
    times.slice(1).forEach((t, i) => expect(t - times[i]).toBeCloseTo(0.1, 6));
  });

  it('names the audio codec too: MSE refuses a type without every track', () => {
    const chunk = describeChunk(readMp4Fixture('with-audio.mp4'));
    expect(chunk?.mime).toMatch(/^video\/mp4; codecs="avc1\.42c0..,\s?mp4a\.40\.2"$/);
    expect(chunk?.frameTimesS).toHaveLength(10);
  });

  it('refuses bytes without an init segment', () => {
    expect(describeChunk(new Uint8Array(16))).toBeNull();
  });
});
