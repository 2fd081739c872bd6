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
  /** RFC 6381 codec string, e.g. "avc1.64001f". */
  codec: string;
  timescale: number;
  /** Visual sample entries only. */
  width?: number;
  height?: number;
  /** trex defaults, used when a fragment does not state them. */
  defaultSampleDuration: number;
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
export function readInitSegment(init: Buffer): InitSegmentInfo {
  const moov = [...childBoxes(init, 0, init.length)].find((box) => box.type === 'moov');
  if (!moov) throw new Mp4FormatError('init segment has no moov box');
  return parseInitSegmentInfo(init.subarray(moov.start, moov.end));
}

/** Reads what the hub and the MSE client need from a `moov` box. */
export function parseInitSegmentInfo(moov: Buffer): InitSegmentInfo {
  const root = wholeBox(moov);
  const trex = new Map<number, { duration: number; flags: number }>();
  const mvex = findChild(moov, root, 'mvex');
  if (mvex) {
    for (const box of findChildren(moov, mvex, 'trex')) {
      const body = box.bodyStart + 4;
      trex.set(moov.readUInt32BE(body), {
        duration: moov.readUInt32BE(body + 8),
        flags: moov.readUInt32BE(body + 16),
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

function readTrack(
  moov: Buffer,
  trak: BoxRange,
  trex: Map<number, { duration: number; flags: number }>,
): Mp4TrackInfo {
  const tkhd = findChild(moov, trak, 'tkhd');
  const id = tkhd
    ? moov.readUInt32BE(tkhd.bodyStart + (fullBoxHeader(moov, tkhd).version === 1 ? 20 : 12))
    : 0;
  const mdhd = findPath(moov, trak, ['mdia', 'mdhd']);
  const timescale = mdhd
    ? moov.readUInt32BE(mdhd.bodyStart + (fullBoxHeader(moov, mdhd).version === 1 ? 20 : 12))
    : 0;
  const hdlr = findPath(moov, trak, ['mdia', 'hdlr']);
  const handler = hdlr ? moov.toString('latin1', hdlr.bodyStart + 8, hdlr.bodyStart + 12) : '';
  const kind: Mp4TrackKind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
  const defaults = trex.get(id) ?? { duration: 0, flags: 0 };
  const track: Mp4TrackInfo = {
    id,
    kind,
    sampleEntry: '',
    codec: '',
    timescale,
    defaultSampleDuration: defaults.duration,
    defaultSampleFlags: defaults.flags,
  };
  const stsd = findPath(moov, trak, ['mdia', 'minf', 'stbl', 'stsd']);
  const [entry] = stsd ? childBoxes(moov, stsd.bodyStart + 8, stsd.end) : [];
  if (!entry) return track;
  track.sampleEntry = entry.type;
  track.codec = entry.type;
  if (kind === 'video') {
    track.width = moov.readUInt16BE(entry.bodyStart + 24);
    track.height = moov.readUInt16BE(entry.bodyStart + 26);
    const config = [...childBoxes(moov, entry.bodyStart + 78, entry.end)];
    const avcC = config.find((b) => b.type === 'avcC');
    const hvcC = config.find((b) => b.type === 'hvcC');
    if (avcC) track.codec = avcCodecString(entry.type, moov.subarray(avcC.bodyStart, avcC.end));
    if (hvcC) track.codec = hevcCodecString(entry.type, moov.subarray(hvcC.bodyStart, hvcC.end));
  } else if (kind === 'audio') {
    const esds = [...childBoxes(moov, entry.bodyStart + 28, entry.end)].find(
      (b) => b.type === 'esds',
    );
    if (entry.type === 'mp4a' && esds)
      track.codec = mp4aCodecString(moov.subarray(esds.bodyStart, esds.end));
    if (entry.type === 'Opus') track.codec = 'opus';
  }
  return track;
}
