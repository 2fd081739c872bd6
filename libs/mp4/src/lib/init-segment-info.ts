import { fourCC, readUint16, readUint32 } from './bytes';
import { avcCodecString, hevcCodecString, mp4aCodecString } from './codec-string';
import {
  childBoxes,
  findChild,
  findChildren,
  findPath,
  fullBoxHeader,
  wholeBox,
  type BoxRange,
} from './mp4-box-walk';
import { Mp4FormatError } from './mp4-format-error';

export type Mp4TrackKind = 'video' | 'audio' | 'other';

export interface Mp4TrackInfo {
  id: number;
  kind: Mp4TrackKind;
  /** Sample entry fourcc: avc1, hvc1, hev1, mp4a, … */
  sampleEntry: string;
  /**
   * RFC 6381 codec string, e.g. "avc1.64001f" (also WebCodecs' `codec`); just the sample
   * entry's fourcc when its configuration record is missing.
   */
  codec: string;
  timescale: number;
  /** Visual sample entries only. */
  width?: number;
  height?: number;
  /**
   * Body of the `avcC`/`hvcC` box (a copy): the `description` WebCodecs' VideoDecoder needs.
   * Null for other tracks and for a video sample entry without one.
   */
  description: Uint8Array | null;
  /** trex defaults, used when a fragment does not state them. */
  defaultSampleDuration: number;
  defaultSampleSize: number;
  defaultSampleFlags: number;
}

export interface InitSegmentInfo {
  tracks: Mp4TrackInfo[];
  /** The first track whose handler is 'vide'; null for an audio-only stream. */
  videoTrackId: number | null;
  /** `video/mp4; codecs="avc1.64001f, mp4a.40.2"` */
  mime: string;
}

/** The tracks of an init segment as the hub publishes it (`ftyp` + `moov`). */
export function readInitSegment(init: Uint8Array): InitSegmentInfo {
  const moov = [...childBoxes(init, 0, init.length)].find((box) => box.type === 'moov');
  if (!moov) throw new Mp4FormatError('init segment has no moov box');
  return parseInitSegmentInfo(init.subarray(moov.start, moov.end));
}

/** The video track of an init segment (see `videoTrackId`); null for an audio-only stream. */
export function videoTrack(info: InitSegmentInfo): Mp4TrackInfo | null {
  return info.tracks.find((t) => t.id === info.videoTrackId) ?? null;
}

interface TrackDefaults {
  duration: number;
  size: number;
  flags: number;
}

/** Reads what the hub, the MSE client and the WebCodecs decoder need from a `moov` box. */
export function parseInitSegmentInfo(moov: Uint8Array): InitSegmentInfo {
  const root = wholeBox(moov);
  const trex = new Map<number, TrackDefaults>();
  const mvex = findChild(moov, root, 'mvex');
  if (mvex) {
    // trex: version/flags, track_ID, default_sample_description_index, then the three defaults.
    for (const box of findChildren(moov, mvex, 'trex')) {
      const body = box.bodyStart + 4;
      trex.set(readUint32(moov, body), {
        duration: readUint32(moov, body + 8),
        size: readUint32(moov, body + 12),
        flags: readUint32(moov, body + 16),
      });
    }
  }
  const tracks = findChildren(moov, root, 'trak').map((trak) => readTrack(moov, trak, trex));
  const videoTrackId = tracks.find((t) => t.kind === 'video')?.id ?? null;
  // Video first: some MSE implementations expect the codecs in track order, all accept this.
  const codecs = [
    ...tracks.filter((t) => t.kind === 'video'),
    ...tracks.filter((t) => t.kind === 'audio'),
  ];
  const mime = `video/mp4; codecs="${codecs.map((t) => t.codec).join(', ')}"`;
  return { tracks, videoTrackId, mime };
}

/** Size of a VisualSampleEntry's fixed fields; its child boxes (avcC, …) follow. */
const VISUAL_SAMPLE_ENTRY_FIELDS = 78;
/** Size of an AudioSampleEntry's fixed fields; its child boxes (esds, …) follow. */
const AUDIO_SAMPLE_ENTRY_FIELDS = 28;

function readTrack(
  moov: Uint8Array,
  trak: BoxRange,
  trex: Map<number, TrackDefaults>,
): Mp4TrackInfo {
  const tkhd = findChild(moov, trak, 'tkhd');
  const id = tkhd
    ? readUint32(moov, tkhd.bodyStart + (fullBoxHeader(moov, tkhd).version === 1 ? 20 : 12))
    : 0;
  const mdhd = findPath(moov, trak, ['mdia', 'mdhd']);
  const timescale = mdhd
    ? readUint32(moov, mdhd.bodyStart + (fullBoxHeader(moov, mdhd).version === 1 ? 20 : 12))
    : 0;
  // hdlr: version/flags (4), pre_defined (4), handler_type (4).
  const hdlr = findPath(moov, trak, ['mdia', 'hdlr']);
  const handler = hdlr ? fourCC(moov, hdlr.bodyStart + 8) : '';
  const kind: Mp4TrackKind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
  const defaults = trex.get(id) ?? { duration: 0, size: 0, flags: 0 };
  const track: Mp4TrackInfo = {
    id,
    kind,
    sampleEntry: '',
    codec: '',
    timescale,
    description: null,
    defaultSampleDuration: defaults.duration,
    defaultSampleSize: defaults.size,
    defaultSampleFlags: defaults.flags,
  };
  const stsd = findPath(moov, trak, ['mdia', 'minf', 'stbl', 'stsd']);
  const [entry] = stsd ? childBoxes(moov, stsd.bodyStart + 8, stsd.end) : [];
  if (!entry) return track;
  track.sampleEntry = entry.type;
  track.codec = entry.type;
  if (kind === 'video') {
    track.width = readUint16(moov, entry.bodyStart + 24);
    track.height = readUint16(moov, entry.bodyStart + 26);
    const config = [...childBoxes(moov, entry.bodyStart + VISUAL_SAMPLE_ENTRY_FIELDS, entry.end)];
    const avcC = config.find((b) => b.type === 'avcC');
    const hvcC = config.find((b) => b.type === 'hvcC');
    if (avcC) track.codec = avcCodecString(entry.type, moov.subarray(avcC.bodyStart, avcC.end));
    if (hvcC) track.codec = hevcCodecString(entry.type, moov.subarray(hvcC.bodyStart, hvcC.end));
    const record = avcC ?? hvcC;
    // A copy: the decoder keeps it, and the init segment it came from may be rewritten.
    if (record) track.description = new Uint8Array(moov.subarray(record.bodyStart, record.end));
  } else if (kind === 'audio') {
    const esds = [...childBoxes(moov, entry.bodyStart + AUDIO_SAMPLE_ENTRY_FIELDS, entry.end)].find(
      (b) => b.type === 'esds',
    );
    if (entry.type === 'mp4a' && esds)
      track.codec = mp4aCodecString(moov.subarray(esds.bodyStart, esds.end));
    if (entry.type === 'Opus') track.codec = 'opus';
  }
  return track;
}
