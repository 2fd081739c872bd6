import { childBoxes, findPath, readInitSegment } from '@camrec/mp4';

/**
 * True when two init segments describe the same tracks with the same codec parameters
 * (every `stsd` box byte for byte: the SPS/PPS live there), so fragments of the second can
 * follow fragments of the first in one file.
 */
export function sameCodecSetup(a: Buffer, b: Buffer): boolean {
  const infoA = readInitSegment(a);
  const infoB = readInitSegment(b);
  const descriptionsA = sampleDescriptions(a);
  const descriptionsB = sampleDescriptions(b);
  return (
    infoA.tracks.length === infoB.tracks.length &&
    infoA.tracks.every((track, i) => {
      const other = infoB.tracks[i];
      return (
        track.id === other.id && track.kind === other.kind && track.timescale === other.timescale
      );
    }) &&
    descriptionsA.length === descriptionsB.length &&
    descriptionsA.every((description, i) => description.equals(descriptionsB[i]))
  );
}

/** The `stsd` box of every track, in track order. */
function sampleDescriptions(init: Buffer): Buffer[] {
  const moov = [...childBoxes(init, 0, init.length)].find((box) => box.type === 'moov');
  if (!moov) return [];
  return [...childBoxes(init, moov.bodyStart, moov.end)]
    .filter((box) => box.type === 'trak')
    .map((trak) => {
      const stsd = findPath(init, trak, ['mdia', 'minf', 'stbl', 'stsd']);
      return stsd ? init.subarray(stsd.start, stsd.end) : Buffer.alloc(0);
    });
}
