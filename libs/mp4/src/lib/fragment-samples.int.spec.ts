import { readMp4Fixture } from '../test-support/fixture-files';
import { Fmp4StreamParser, type Fmp4Fragment, type Fmp4InitSegment } from './fmp4-stream-parser';
import { extractSamples, startsWithKeyframe, type Mp4Sample } from './fragment-samples';
import { videoTrack, type Mp4TrackInfo } from './init-segment-info';
import { childBoxes } from './mp4-box-walk';

/** A fragmented MP4 file as the hub sends it: the init segment, then moof+mdat fragments. */
function splitLikeTheHub(file: Uint8Array): { init: Fmp4InitSegment; fragments: Uint8Array[] } {
  const [init, ...fragments] = new Fmp4StreamParser().push(file);
  if (init?.type !== 'init') throw new Error('fixture has no init segment');
  return { init, fragments: (fragments as Fmp4Fragment[]).map((f) => f.data) };
}

function videoOf(init: Fmp4InitSegment): Mp4TrackInfo {
  const track = videoTrack(init.info);
  if (!track) throw new Error('no video track');
  return track;
}

const toUs = (ticks: number, track: Mp4TrackInfo) =>
  Math.round((ticks * 1_000_000) / track.timescale);
const presentationUs = (sample: Mp4Sample, track: Mp4TrackInfo) =>
  toUs(sample.decodeTime + sample.compositionOffset, track);

describe('fMP4 samples (ffmpeg fixtures)', () => {
  describe('every-frame.mp4 (the ingest flags: one frame per fragment, B-frames)', () => {
    const { init, fragments } = splitLikeTheHub(readMp4Fixture('every-frame.mp4'));

    it('reads the video track and the avcC from the init segment', () => {
      const track = videoOf(init);
      expect(track.sampleEntry).toBe('avc1');
      expect(track.width).toBe(160);
      expect(track.height).toBe(120);
      expect(track.timescale).toBeGreaterThan(0);
      // avcC starts with configurationVersion 1; High profile (0x64) at level 1.0 (0x0a).
      expect(track.description?.[0]).toBe(1);
      expect(track.description?.[1]).toBe(0x64);
      expect(track.codec).toMatch(/^avc1\.64..0a$/);
      // A copy: rewriting the init segment (hvc1 retagging) does not change a decoder's config.
      expect(track.description?.buffer).not.toBe(init.data.buffer);
    });

    it('takes one sample from each fragment, keyframes every 5 frames, 10 frames in all', () => {
      const track = videoOf(init);
      const samples = fragments.flatMap((fragment) => extractSamples(fragment, track));
      expect(samples).toHaveLength(10);
      expect(samples.map((s) => s.keyframe)).toEqual([
        true,
        false,
        false,
        false,
        false,
        true,
        false,
        false,
        false,
        false,
      ]);
      expect(startsWithKeyframe(fragments[0], track)).toBe(true);
      expect(startsWithKeyframe(fragments[1], track)).toBe(false);
      for (const sample of samples) {
        expect(sample.data.byteLength).toBeGreaterThan(0);
        expect(toUs(sample.duration, track)).toBe(100_000);
        // AVCC framing: a 4-byte NAL length that fits inside the sample.
        const nalLength = new DataView(sample.data.buffer, sample.data.byteOffset).getUint32(0);
        expect(nalLength + 4).toBeLessThanOrEqual(sample.data.byteLength);
      }
      // Decode times follow each other; with the composition offsets (B-frames: not all zero)
      // the presentation times cover 0..0.9 s once each.
      samples.slice(1).forEach((sample, i) => {
        expect(sample.decodeTime).toBe(samples[i].decodeTime + samples[i].duration);
      });
      expect(samples.some((s) => s.compositionOffset !== 0)).toBe(true);
      const first = Math.min(...samples.map((s) => presentationUs(s, track)));
      const times = samples.map((s) => presentationUs(s, track) - first).sort((a, b) => a - b);
      expect(times).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => n * 100_000));
    });

    it('gives views of the fragment, not copies', () => {
      const track = videoOf(init);
      const [sample] = extractSamples(fragments[0], track);
      expect(sample.data.buffer).toBe(fragments[0].buffer);
    });

    it('takes nothing for another track, and stops at a sample cut short', () => {
      const track = videoOf(init);
      expect(extractSamples(fragments[0], { ...track, id: track.id + 1 })).toEqual([]);
      const [moof, mdat] = childBoxes(fragments[0], 0, fragments[0].length);
      expect([moof.type, mdat.type]).toEqual(['moof', 'mdat']);
      // The moof alone (as a scan of a file reads it): its sample lies past the end.
      expect(extractSamples(fragments[0].subarray(0, moof.end), track)).toEqual([]);
    });
  });

  describe('per-keyframe.mp4 (many frames per fragment)', () => {
    const { init, fragments } = splitLikeTheHub(readMp4Fixture('per-keyframe.mp4'));

    it('takes every sample and only the first of each fragment is a keyframe', () => {
      const track = videoOf(init);
      expect(track.width).toBe(320);
      expect(fragments).toHaveLength(2);
      const perFragment = fragments.map((fragment) => extractSamples(fragment, track));
      expect(perFragment.map((samples) => samples.length)).toEqual([25, 25]);
      for (const samples of perFragment) {
        expect(samples.map((s) => s.keyframe)).toEqual(samples.map((_, i) => i === 0));
      }
      const total = perFragment.flat().reduce((sum, s) => sum + s.data.byteLength, 0);
      const mdatPayload = fragments
        .flatMap((fragment) => [...childBoxes(fragment, 0, fragment.length)])
        .filter((box) => box.type === 'mdat')
        .reduce((sum, box) => sum + (box.end - box.bodyStart), 0);
      expect(total).toBe(mdatPayload);
    });

    it('parses several moof+mdat pairs sent in one message', () => {
      const track = videoOf(init);
      const joined = new Uint8Array(fragments[0].byteLength + fragments[1].byteLength);
      joined.set(fragments[0]);
      joined.set(fragments[1], fragments[0].byteLength);
      expect(extractSamples(joined, track)).toHaveLength(50);
    });
  });
});
