import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractSamples, startsWithKeyframe } from './fragment-samples';
import { parseInitSegment } from './init-segment';
import { readBoxes } from './mp4-boxes';

/** Splits a fragmented MP4 file the way the hub sends it: init segment, then moof+mdat pairs. */
function splitLikeTheHub(file: Uint8Array): { init: Uint8Array; fragments: Uint8Array[] } {
  const boxes = readBoxes(file);
  const moov = boxes.find((box) => box.type === 'moov');
  if (!moov) throw new Error('fixture has no moov');
  const fragments: Uint8Array[] = [];
  for (let i = 0; i < boxes.length; i++) {
    if (boxes[i].type === 'moof') fragments.push(file.slice(boxes[i].start, boxes[i + 1].end));
  }
  return { init: file.slice(0, moov.end), fragments };
}

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(__dirname, '../../../testing/fixtures', name)));
}

describe('fMP4 parsing (ffmpeg fixtures)', () => {
  describe('every-frame.mp4 (the ingest flags: one frame per fragment, B-frames)', () => {
    const { init, fragments } = splitLikeTheHub(fixture('every-frame.mp4'));

    it('reads the video track and the avcC from the init segment', () => {
      const track = parseInitSegment(init);
      expect(track).not.toBeNull();
      expect(track?.sampleEntry).toBe('avc1');
      expect(track?.width).toBe(160);
      expect(track?.height).toBe(120);
      expect(track?.timescale).toBeGreaterThan(0);
      // avcC starts with configurationVersion 1; High profile (0x64) at level 1.0 (0x0a).
      expect(track?.description?.[0]).toBe(1);
      expect(track?.codec).toMatch(/^avc1\.64..0a$/);
    });

    it('takes one sample from each fragment, keyframes every 5 frames, 10 frames in all', () => {
      const track = parseInitSegment(init);
      if (!track) throw new Error('no track');
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
        expect(sample.durationUs).toBe(100_000);
        // AVCC framing: a 4-byte NAL length that fits inside the sample.
        const nalLength = new DataView(sample.data.buffer, sample.data.byteOffset).getUint32(0);
        expect(nalLength + 4).toBeLessThanOrEqual(sample.data.byteLength);
      }
      // Presentation times (with composition offsets) cover 0..0.9 s once each.
      const first = Math.min(...samples.map((s) => s.timestampUs));
      const times = samples.map((s) => s.timestampUs - first).sort((a, b) => a - b);
      expect(times).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => n * 100_000));
    });
  });

  describe('per-keyframe.mp4 (many frames per fragment)', () => {
    const { init, fragments } = splitLikeTheHub(fixture('per-keyframe.mp4'));

    it('takes every sample and only the first of each fragment is a keyframe', () => {
      const track = parseInitSegment(init);
      if (!track) throw new Error('no track');
      expect(track.width).toBe(320);
      expect(fragments).toHaveLength(2);
      const perFragment = fragments.map((fragment) => extractSamples(fragment, track));
      expect(perFragment.map((samples) => samples.length)).toEqual([25, 25]);
      for (const samples of perFragment) {
        expect(samples.map((s) => s.keyframe)).toEqual(samples.map((_, i) => i === 0));
      }
      const total = perFragment.flat().reduce((sum, s) => sum + s.data.byteLength, 0);
      const mdatPayload = fragments
        .flatMap((fragment) => readBoxes(fragment).filter((box) => box.type === 'mdat'))
        .reduce((sum, box) => sum + (box.end - box.payload), 0);
      expect(total).toBe(mdatPayload);
    });

    it('parses several moof+mdat pairs sent in one message', () => {
      const track = parseInitSegment(init);
      if (!track) throw new Error('no track');
      const joined = new Uint8Array(fragments[0].byteLength + fragments[1].byteLength);
      joined.set(fragments[0]);
      joined.set(fragments[1], fragments[0].byteLength);
      expect(extractSamples(joined, track)).toHaveLength(50);
    });
  });

  it('ignores a truncated box and finds no track in garbage', () => {
    const bytes = new Uint8Array([0, 0, 0, 50, 0x6d, 0x6f, 0x6f, 0x76, 1, 2]);
    expect(readBoxes(bytes)).toEqual([]);
    expect(parseInitSegment(bytes)).toBeNull();
  });
});
