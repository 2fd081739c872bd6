import { childBoxes, findChild, findPath, type BoxRange } from './mp4-box-walk';
import { withStartEdit } from './start-edit';

/** A box written field by field: size, type, body. */
function box(type: string, ...body: Uint8Array[]): Uint8Array {
  const size = 8 + body.reduce((n, part) => n + part.length, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  let at = 8;
  for (const part of body) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  values.forEach((value, i) => new DataView(out.buffer).setUint32(i * 4, value >>> 0));
  return out;
}

/** tkhd (id), mdia/mdhd (timescale), and an elst of the given entries (media_time, v0). */
function trak(id: number, timescale: number, edits?: number[]): Uint8Array {
  const tkhd = box('tkhd', words(0, 0, 0, id));
  const mdhd = box('mdhd', words(0, 0, 0, timescale, 0, 0));
  const edts = edits
    ? [box('edts', box('elst', words(0, edits.length, ...edits.flatMap((t) => [0, t, 0x10000]))))]
    : [];
  return box('trak', tkhd, ...edts, box('mdia', mdhd));
}

function init(...traks: Uint8Array[]): Uint8Array {
  return new Uint8Array([...box('ftyp', words(0x69736f6d)), ...box('moov', ...traks)]);
}

/** Each trak's children's types and its elst entries' media_time. */
function edits(data: Uint8Array): { children: string[]; mediaTimes: number[] }[] {
  const moov = [...childBoxes(data, 0, data.length)].find((b) => b.type === 'moov') as BoxRange;
  return [...childBoxes(data, moov.bodyStart, moov.end)].map((trakBox) => {
    const elst = findPath(data, trakBox, ['edts', 'elst']);
    const view = new DataView(data.buffer, data.byteOffset);
    const count = elst ? view.getUint32(elst.bodyStart + 4) : 0;
    return {
      children: [...childBoxes(data, trakBox.bodyStart, trakBox.end)].map((b) => b.type),
      mediaTimes: Array.from({ length: count }, (_, i) =>
        view.getInt32((elst as BoxRange).bodyStart + 8 + i * 12 + 4),
      ),
    };
  });
}

describe('withStartEdit: an init segment whose tracks are shown from a later instant', () => {
  it("adds an edit list after each tkhd, in each track's own timescale", () => {
    const edited = withStartEdit(init(trak(1, 90_000), trak(2, 48_000)), 0.5) as Uint8Array;
    expect(edits(edited)).toEqual([
      { children: ['tkhd', 'edts', 'mdia'], mediaTimes: [45_000] },
      { children: ['tkhd', 'edts', 'mdia'], mediaTimes: [24_000] },
    ]);
    // The sizes add up: the ftyp is where it was, the moov ends where the data ends.
    const top = [...childBoxes(edited, 0, edited.length)];
    expect(top.map((b) => b.type)).toEqual(['ftyp', 'moov']);
    expect(top[1].end).toBe(edited.length);
    expect(findChild(edited, top[1], 'trak')).toBeDefined();
  });

  it("moves a track's own one-entry edit (AAC priming, a B-frame delay) by as much", () => {
    const edited = withStartEdit(init(trak(1, 90_000, [3_000]), trak(2, 48_000, [1_024])), 1);
    expect(edits(edited as Uint8Array).map((t) => t.mediaTimes)).toEqual([[93_000], [49_024]]);
  });

  it('gives up (null) on an edit list it does not understand: an empty edit, several entries', () => {
    expect(withStartEdit(init(trak(1, 90_000, [-1])), 1)).toBeNull();
    expect(withStartEdit(init(trak(1, 90_000, [0, 100])), 1)).toBeNull();
    expect(withStartEdit(new Uint8Array(box('ftyp')), 1)).toBeNull();
  });
});
