import {
  childBoxes,
  findChildren,
  findPath,
  parseInitSegmentInfo,
  type BoxRange,
  type Fmp4InitSegment,
} from '@camrec/mp4';

/** hvcC: 22 bytes of profile fields, then numOfArrays, then the parameter-set arrays. */
const HVCC_ARRAYS_OFFSET = 22;
const ARRAY_COMPLETENESS = 0x80;

/**
 * ffmpeg writes HEVC as `hev1`; Safari's MSE plays only `hvc1`. `-tag:v hvc1` would do it but
 * makes ffmpeg fail on H.264, and the ingest's command is chosen before the codec is known, so
 * the init segment is retagged here instead, the same two changes ffmpeg makes for that tag:
 * the sample entry's fourcc, and every hvcC parameter-set array marked complete.
 * Returns the segment unchanged when it holds no `hev1` track.
 */
export function tagHevcAsHvc1(segment: Fmp4InitSegment): Fmp4InitSegment {
  if (!segment.info.tracks.some((t) => t.sampleEntry === 'hev1')) return segment;
  const data = Buffer.from(segment.data);
  const moov = [...childBoxes(data, 0, data.length)].find((box) => box.type === 'moov');
  if (!moov) return segment;
  for (const trak of findChildren(data, moov, 'trak')) {
    const stsd = findPath(data, trak, ['mdia', 'minf', 'stbl', 'stsd']);
    if (!stsd) continue;
    for (const entry of childBoxes(data, stsd.bodyStart + 8, stsd.end)) {
      if (entry.type !== 'hev1') continue;
      data.write('hvc1', entry.start + 4, 'latin1');
      const hvcC = [...childBoxes(data, entry.bodyStart + 78, entry.end)].find(
        (box) => box.type === 'hvcC',
      );
      if (hvcC) markArraysComplete(data, hvcC);
    }
  }
  return { ...segment, data, info: parseInitSegmentInfo(data.subarray(moov.start, moov.end)) };
}

function markArraysComplete(data: Buffer, hvcC: BoxRange): void {
  let pos = hvcC.bodyStart + HVCC_ARRAYS_OFFSET;
  const arrays = data[pos++];
  for (let i = 0; i < arrays && pos + 3 <= hvcC.end; i++) {
    data[pos] |= ARRAY_COMPLETENESS;
    const nalus = data.readUInt16BE(pos + 1);
    pos += 3;
    for (let n = 0; n < nalus && pos + 2 <= hvcC.end; n++) pos += 2 + data.readUInt16BE(pos);
  }
}
