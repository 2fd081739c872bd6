import type { FragmentInfo, InitSegmentInfo, Mp4TrackInfo } from '@camrec/mp4';
import { IngestMediaReader } from './ingest-media';

const VIDEO: Mp4TrackInfo = {
  id: 1,
  kind: 'video',
  sampleEntry: 'avc1',
  codec: 'avc1.42c01e',
  timescale: 90000,
  width: 640,
  height: 360,
  description: null,
  defaultSampleDuration: 0,
  defaultSampleSize: 0,
  defaultSampleFlags: 0,
};
const AAC: Mp4TrackInfo = {
  ...VIDEO,
  id: 2,
  kind: 'audio',
  sampleEntry: 'mp4a',
  codec: 'mp4a.40.2',
  timescale: 48000,
};

function init(...tracks: Mp4TrackInfo[]): InitSegmentInfo {
  return { tracks, videoTrackId: tracks.find((t) => t.kind === 'video')?.id ?? null, mime: '' };
}

function frameAt(ticks: number): FragmentInfo {
  return {
    keyframe: false,
    frames: 1,
    tracks: [
      {
        trackId: 1,
        sampleCount: 1,
        duration: 0,
        baseDecodeTime: BigInt(ticks),
        baseDecodeTimeOffset: 0,
        baseDecodeTimeBytes: 8,
        firstSampleFlags: 0,
      },
    ],
  };
}

describe('IngestMediaReader', () => {
  it('reads codec, size and audio from the init segment and the frame rate from the fragments', () => {
    const reader = new IngestMediaReader(null);
    expect(reader.media).toBeNull();
    reader.readInit(init(VIDEO, AAC));
    expect(reader.media).toEqual({
      video: { codec: 'h264', width: 640, height: 360, fps: null },
      audio: { codec: 'aac', source_codec: 'aac' },
    });
    // The first frame is stamped by ffmpeg's start; the rest at 25 fps with ±10 % jitter.
    for (const ticks of [0, 1, 3600, 7000, 10900, 14400, 18000])
      reader.readFragment(frameAt(ticks));
    expect(reader.media?.video.fps).toBe(25);
  });

  it('keeps a rate that is not a whole number, and names the transcoded source codec', () => {
    const reader = new IngestMediaReader('pcm_alaw');
    reader.readInit(init({ ...VIDEO, sampleEntry: 'hvc1', codec: 'hvc1.1.6.L93.B0' }, AAC));
    for (const ticks of [0, 0, 7200, 14400, 21600]) reader.readFragment(frameAt(ticks));
    expect(reader.media).toEqual({
      video: { codec: 'hevc', width: 640, height: 360, fps: 12.5 },
      audio: { codec: 'aac', source_codec: 'pcm_alaw' },
    });
  });

  it('refuses a stream without video, or with a video codec the dashboard cannot show', () => {
    const reader = new IngestMediaReader(null);
    expect(() => reader.readInit(init(AAC))).toThrow(expect.objectContaining({ kind: 'no_video' }));
    expect(() =>
      reader.readInit(init({ ...VIDEO, sampleEntry: 'mp4v', codec: 'mp4v.6c' })),
    ).toThrow(
      expect.objectContaining({
        kind: 'unsupported_codec',
        detail: 'the camera sends mp4v.6c video',
      }),
    );
  });
});
