import {
  childBox,
  childBoxes,
  dataView,
  findPath,
  fourCC,
  readBoxes,
  type Mp4Box,
} from './mp4-boxes';

/** Defaults a fragment's samples fall back to (from `mvex/trex`). */
export interface TrackDefaults {
  sampleDuration: number;
  sampleSize: number;
  sampleFlags: number;
}

/** What a decoder needs to know about the video track of an fMP4 stream. */
export interface VideoTrack {
  trackId: number;
  timescale: number;
  /** Sample entry type: avc1, avc3, hvc1, hev1, … */
  sampleEntry: string;
  /** WebCodecs codec string, e.g. `avc1.64001f`; null when it cannot be derived here. */
  codec: string | null;
  /** Payload of the `avcC`/`hvcC` box: the WebCodecs `description`. */
  description: Uint8Array | null;
  width: number;
  height: number;
  defaults: TrackDefaults;
}

/** Size of a VisualSampleEntry's fixed fields; its child boxes (avcC, …) follow. */
const VISUAL_SAMPLE_ENTRY_FIELDS = 78;

/** Finds the first video track in an init segment (`ftyp` + `moov`), or null if there is none. */
export function parseInitSegment(bytes: Uint8Array): VideoTrack | null {
  const moov = readBoxes(bytes).find((box) => box.type === 'moov');
  if (!moov) return null;
  const view = dataView(bytes);
  for (const trak of childBoxes(bytes, moov, 'trak')) {
    const mdia = childBox(bytes, trak, 'mdia');
    const hdlr = mdia && childBox(bytes, mdia, 'hdlr');
    // hdlr: version/flags (4), pre_defined (4), handler_type (4).
    if (!mdia || !hdlr || fourCC(bytes, hdlr.payload + 8) !== 'vide') continue;
    const tkhd = childBox(bytes, trak, 'tkhd');
    const mdhd = childBox(bytes, mdia, 'mdhd');
    const stsd = findPath(bytes, mdia, ['minf', 'stbl', 'stsd']);
    if (!tkhd || !mdhd || !stsd) continue;
    const trackId = view.getUint32(tkhd.payload + (bytes[tkhd.payload] === 1 ? 20 : 12));
    const timescale = view.getUint32(mdhd.payload + (bytes[mdhd.payload] === 1 ? 20 : 12));
    // stsd: version/flags (4), entry_count (4), then the sample entries.
    const entry = readBoxes(bytes, stsd.payload + 8, stsd.end)[0];
    if (!entry) continue;
    return {
      trackId,
      timescale,
      ...describeSampleEntry(bytes, entry),
      defaults: trackDefaults(bytes, moov, trackId),
    };
  }
  return null;
}

function describeSampleEntry(
  bytes: Uint8Array,
  entry: Mp4Box,
): Pick<VideoTrack, 'sampleEntry' | 'codec' | 'description' | 'width' | 'height'> {
  const view = dataView(bytes);
  const width = view.getUint16(entry.payload + 24);
  const height = view.getUint16(entry.payload + 26);
  const config = readBoxes(bytes, entry.payload + VISUAL_SAMPLE_ENTRY_FIELDS, entry.end).find(
    (box) => box.type === 'avcC' || box.type === 'hvcC',
  );
  const description = config ? bytes.slice(config.payload, config.end) : null;
  const codec =
    config?.type === 'avcC' && description ? avcCodecString(entry.type, description) : null;
  return { sampleEntry: entry.type, codec, description, width, height };
}

/** RFC 6381 string for H.264: profile, constraint flags and level from the avcC record. */
export function avcCodecString(sampleEntry: string, avcC: Uint8Array): string {
  const hex = (value: number) => value.toString(16).padStart(2, '0');
  return `${sampleEntry}.${hex(avcC[1])}${hex(avcC[2])}${hex(avcC[3])}`;
}

function trackDefaults(bytes: Uint8Array, moov: Mp4Box, trackId: number): TrackDefaults {
  const view = dataView(bytes);
  const mvex = childBox(bytes, moov, 'mvex');
  const trex = mvex
    ? childBoxes(bytes, mvex, 'trex').find((box) => view.getUint32(box.payload + 4) === trackId)
    : undefined;
  if (!trex) return { sampleDuration: 0, sampleSize: 0, sampleFlags: 0 };
  // trex: version/flags, track_ID, default_sample_description_index, then the three defaults.
  return {
    sampleDuration: view.getUint32(trex.payload + 12),
    sampleSize: view.getUint32(trex.payload + 16),
    sampleFlags: view.getUint32(trex.payload + 20),
  };
}
