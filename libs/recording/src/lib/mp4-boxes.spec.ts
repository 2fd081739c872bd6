import { readBoxes, readInitSegment, sameCodecSetup } from './mp4-boxes';
import { makeFragmentedMp4, toPackets } from './test-support/mp4-fixtures';

describe('mp4 boxes (real ffmpeg output)', () => {
  const withAudio = toPackets(makeFragmentedMp4({ seconds: 1, fps: 10, audio: true }));
  const videoOnly = toPackets(makeFragmentedMp4({ seconds: 1, fps: 10 }));

  it('reads the tracks of an init segment as the hub publishes it (ftyp + moov)', () => {
    const info = readInitSegment(withAudio[0].data);
    expect(info.tracks.map((track) => track.kind)).toEqual(['video', 'audio']);
    expect(info.tracks[1].timescale).toBe(48000);
  });

  it('tells apart init segments with different codec setups', () => {
    const again = toPackets(makeFragmentedMp4({ seconds: 1, fps: 10, audio: true }));
    const smaller = toPackets(
      makeFragmentedMp4({ seconds: 1, fps: 10, audio: true, size: '160x120' }),
    );
    expect(sameCodecSetup(withAudio[0].data, again[0].data)).toBe(true);
    expect(sameCodecSetup(withAudio[0].data, videoOnly[0].data)).toBe(false);
    expect(sameCodecSetup(withAudio[0].data, smaller[0].data)).toBe(false);
  });

  it('stops at a box that is cut short', () => {
    const init = withAudio[0].data;
    expect(readBoxes(init).map((box) => box.type)).toEqual(['ftyp', 'moov']);
    expect(readBoxes(init.subarray(0, init.length - 1)).map((box) => box.type)).toEqual(['ftyp']);
  });
});
