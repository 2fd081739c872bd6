import { readInitSegment } from '@camrec/mp4';
import { sameCodecSetup } from './codec-setup';
import { makeFragmentedMp4, toPackets } from './test-support/mp4-fixtures';

describe('sameCodecSetup (real ffmpeg output)', () => {
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
});
