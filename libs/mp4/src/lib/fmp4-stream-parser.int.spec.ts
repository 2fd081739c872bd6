import { generateFmp4, probeVideoKeyframes } from '../test-support/ffmpeg-fixtures';
import { Fmp4StreamParser, type Fmp4Fragment, type Fmp4Segment } from './fmp4-stream-parser';

function parseAll(stream: Buffer, chunkBytes = stream.length): Fmp4Segment[] {
  const parser = new Fmp4StreamParser();
  const segments: Fmp4Segment[] = [];
  for (let i = 0; i < stream.length; i += chunkBytes)
    segments.push(...parser.push(stream.subarray(i, i + chunkBytes)));
  return segments;
}

const fragments = (segments: Fmp4Segment[]) =>
  segments.filter((s): s is Fmp4Fragment => s.type === 'fragment');

describe('Fmp4StreamParser on real ffmpeg output', () => {
  it('reads H.264 without audio: init, codec string, keyframes every GOP, one frame per fragment', async () => {
    const stream = await generateFmp4({ frames: 30, gop: 10 });
    const segments = parseAll(stream, 1000);
    const [init] = segments;
    expect(init.type).toBe('init');
    if (init.type !== 'init') return;
    expect(Buffer.from(init.data).toString('latin1', 4, 8)).toBe('ftyp');
    expect(init.info.mime).toBe('video/mp4; codecs="avc1.64001f"');
    expect(init.info.videoTrackId).toBe(1);
    expect(init.info.tracks[0]).toMatchObject({
      kind: 'video',
      sampleEntry: 'avc1',
      width: 160,
      height: 120,
    });

    const frags = fragments(segments);
    expect(frags).toHaveLength(30);
    expect(frags.map((f) => f.info.frames)).toEqual(Array(30).fill(1));
    const keyframeIndexes = frags.flatMap((f, i) => (f.info.keyframe ? [i] : []));
    expect(keyframeIndexes).toEqual([0, 10, 20]);
    expect(frags.map((f) => f.info.keyframe)).toEqual(await probeVideoKeyframes(stream));
    // Every byte of the stream except the trailing mfra index is in a segment.
    const covered = segments.reduce((n, s) => n + s.data.length, 0);
    expect(stream.length - covered).toBe(stream.readUInt32BE(stream.length - 4));
  });

  it('reads H.264 with AAC: both tracks in the mime, audio fragments are not keyframes', async () => {
    const segments = parseAll(await generateFmp4({ audio: true, frames: 20, gop: 10 }), 4096);
    const init = segments[0];
    if (init.type !== 'init') throw new Error('no init');
    expect(init.info.mime).toBe('video/mp4; codecs="avc1.64001f, mp4a.40.2"');
    expect(init.info.tracks.map((t) => t.kind)).toEqual(['video', 'audio']);
    const frags = fragments(segments);
    expect(frags.reduce((n, f) => n + f.info.frames, 0)).toBe(20);
    const audioOnly = frags.filter((f) => f.info.frames === 0);
    expect(audioOnly.length).toBeGreaterThan(0);
    expect(audioOnly.every((f) => !f.info.keyframe)).toBe(true);
    expect(frags.filter((f) => f.info.keyframe)).toHaveLength(2);
    const firstVideo = frags.find((f) => f.info.frames > 0)!;
    expect(firstVideo.info.keyframe).toBe(true);
  });

  it('reads H.265 (hvc1) with the RFC 6381 codec string', async () => {
    const stream = await generateFmp4({ codec: 'h265', frames: 12, gop: 6 });
    const segments = parseAll(stream, 777);
    const init = segments[0];
    if (init.type !== 'init') throw new Error('no init');
    // ffprobe reports Main profile, level 30 for this stream; x265 flags it progressive and
    // frame-only (constraint byte 0x90); compatibility flags 0x60000000 bit-reversed = 6.
    expect(init.info.mime).toBe('video/mp4; codecs="hvc1.1.6.L30.90"');
    const frags = fragments(segments);
    expect(frags).toHaveLength(12);
    // x265 puts its second IDR at decode index 5; the parser must agree with ffprobe.
    expect(frags.map((f) => f.info.keyframe)).toEqual(await probeVideoKeyframes(stream));
    expect(frags.filter((f) => f.info.keyframe)).toHaveLength(2);
  });

  it('tracks decode time and duration per track fragment', async () => {
    const frags = fragments(parseAll(await generateFmp4({ frames: 5, rate: 25 })));
    const times = frags.map((f) => f.info.tracks[0]);
    for (let i = 1; i < times.length; i++) {
      expect(times[i].baseDecodeTime).toBe(
        times[i - 1].baseDecodeTime! + BigInt(times[i - 1].duration),
      );
    }
    expect(times[0].duration).toBeGreaterThan(0);
  });

  it('starts over at a new ftyp (a restarted muxer on the same pipe)', async () => {
    const stream = await generateFmp4({ frames: 3 });
    const segments = parseAll(Buffer.concat([stream, stream]));
    expect(segments.filter((s) => s.type === 'init')).toHaveLength(2);
    expect(fragments(segments)).toHaveLength(6);
  });

  it('gives segments of their own, so the input chunks can be reused', async () => {
    const stream = await generateFmp4({ frames: 3 });
    const expected = parseAll(stream).map((seg) => Buffer.from(seg.data).toString('base64'));
    const input = Buffer.from(stream);
    const segments = new Fmp4StreamParser().push(input);
    input.fill(0);
    expect(segments.map((seg) => Buffer.from(seg.data).toString('base64'))).toEqual(expected);
  });

  it("appends the trailer's box to each fragment it gives one for", async () => {
    const stream = await generateFmp4({ frames: 4, gop: 2 });
    const plain = fragments(parseAll(stream));
    const marker = (n: number) => Buffer.from(`0000free${n}`.padEnd(12, '.'), 'latin1');
    const seen: boolean[] = [];
    const parser = new Fmp4StreamParser(undefined, {
      maxBytes: 12,
      boxFor: (info) => {
        seen.push(info.keyframe);
        return info.keyframe ? marker(seen.length) : null;
      },
    });
    const withTrailer = fragments(parser.push(stream));
    expect(seen).toEqual(plain.map((f) => f.info.keyframe));
    withTrailer.forEach((fragment, i) => {
      const tail = plain[i].info.keyframe ? marker(i + 1) : Buffer.alloc(0);
      expect(fragment.data).toEqual(new Uint8Array(Buffer.concat([plain[i].data, tail])));
    });
  });
});
