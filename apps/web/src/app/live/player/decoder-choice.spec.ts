import type { DecoderKind } from './live-renderer';
import {
  chooseDecoder,
  forcedDecoder,
  videoCodecFromMime,
  type DecoderSupport,
} from './decoder-choice';
import type { Mp4TrackInfo } from '@camrec/mp4';

const track: Mp4TrackInfo = {
  id: 1,
  kind: 'video',
  timescale: 90000,
  sampleEntry: 'avc1',
  codec: 'avc1.64001f',
  description: new Uint8Array([1, 0x64, 0, 0x1f]),
  width: 1280,
  height: 720,
  defaultSampleDuration: 0,
  defaultSampleSize: 0,
  defaultSampleFlags: 0,
};
const mime = 'video/mp4; codecs="avc1.64001f, mp4a.40.2"';

function support(
  webcodecs: boolean,
  mse: boolean,
): DecoderSupport & { asked: VideoDecoderConfig[] } {
  const asked: VideoDecoderConfig[] = [];
  return {
    asked,
    webcodecs: async (config) => {
      asked.push(config);
      return webcodecs;
    },
    mse: () => mse,
  };
}

const ask = (overrides: Partial<Parameters<typeof chooseDecoder>[0]> = {}) => ({
  track,
  mime,
  forced: null,
  wantsAudio: false,
  excluded: new Set<DecoderKind>(),
  ...overrides,
});

describe('decoder choice', () => {
  it('prefers WebCodecs, configured for latency from the avcC', async () => {
    const browser = support(true, true);
    await expect(chooseDecoder(ask(), browser)).resolves.toBe('webcodecs');
    expect(browser.asked[0]).toMatchObject({
      codec: 'avc1.64001f',
      optimizeForLatency: true,
      codedWidth: 1280,
      codedHeight: 720,
    });
    expect(browser.asked[0].description).toBe(track.description);
  });

  it('falls back to MSE, then to JPEG frames', async () => {
    await expect(chooseDecoder(ask(), support(false, true))).resolves.toBe('mse');
    await expect(chooseDecoder(ask(), support(false, false))).resolves.toBe('jpeg');
  });

  it("uses the MIME codec when the init segment's has no configuration record", async () => {
    const hevc = { ...track, sampleEntry: 'hvc1', codec: 'hvc1' };
    const browser = support(false, false);
    await chooseDecoder(ask({ track: hevc, mime: 'video/mp4; codecs="hvc1.1.6.L93.B0"' }), browser);
    expect(browser.asked[0].codec).toBe('hvc1.1.6.L93.B0');
  });

  it('honours a forced decoder, sound and decoders that already failed', async () => {
    await expect(chooseDecoder(ask({ forced: 'mse' }), support(true, true))).resolves.toBe('mse');
    await expect(chooseDecoder(ask({ forced: 'jpeg' }), support(true, true))).resolves.toBe('jpeg');
    await expect(chooseDecoder(ask({ wantsAudio: true }), support(true, true))).resolves.toBe(
      'mse',
    );
    const excluded = new Set<DecoderKind>(['webcodecs']);
    await expect(chooseDecoder(ask({ excluded }), support(true, true))).resolves.toBe('mse');
  });

  it('reads the forced decoder from the query, then localStorage', () => {
    const storage = { getItem: (key: string) => (key === 'camrec.decoder' ? 'jpeg' : null) };
    expect(forcedDecoder('?decoder=mse', storage)).toBe('mse');
    expect(forcedDecoder('', storage)).toBe('jpeg');
    expect(forcedDecoder('?decoder=vlc', null)).toBeNull();
    expect(forcedDecoder('', null)).toBeNull();
  });

  it('finds the video codec in a MIME type', () => {
    expect(videoCodecFromMime(mime)).toBe('avc1.64001f');
    expect(videoCodecFromMime('video/mp4; codecs="mp4a.40.2, hev1.1.6.L93.B0"')).toBe(
      'hev1.1.6.L93.B0',
    );
    expect(videoCodecFromMime('video/mp4')).toBeNull();
  });
});
