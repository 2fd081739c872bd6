/**
 * RFC 6381 `codecs` parameters for the MSE mime type, built from the decoder configuration
 * records in the init segment (ISO 14496-15 for avcC/hvcC, ISO 14496-1/-3 for esds).
 */

import { readUint32 } from './bytes';

const hex2 = (byte: number) => byte.toString(16).padStart(2, '0');

/** `avc1.PPCCLL`: profile_idc, constraint flags and level_idc from the avcC record. */
export function avcCodecString(sampleEntry: string, avcC: Uint8Array): string {
  if (avcC.length < 4) return sampleEntry;
  return `${sampleEntry}.${hex2(avcC[1])}${hex2(avcC[2])}${hex2(avcC[3])}`;
}

/**
 * `hvc1.<space><profile>.<compat>.<tier><level>.<constraints>` (ISO 14496-15 Annex E):
 * the compatibility flags are bit-reversed hex, trailing zero constraint bytes are dropped.
 */
export function hevcCodecString(sampleEntry: string, hvcC: Uint8Array): string {
  if (hvcC.length < 13) return sampleEntry;
  const spaceTierProfile = hvcC[1];
  const profileSpace = ['', 'A', 'B', 'C'][spaceTierProfile >> 6];
  const tier = spaceTierProfile & 0x20 ? 'H' : 'L';
  const profileIdc = spaceTierProfile & 0x1f;
  const compatibility = reverseBits32(readUint32(hvcC, 2)).toString(16);
  const constraints = [...hvcC.subarray(6, 12)];
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const level = hvcC[12];
  const parts = [`${profileSpace}${profileIdc}`, compatibility, `${tier}${level}`];
  parts.push(...constraints.map((byte) => byte.toString(16).toUpperCase()));
  return `${sampleEntry}.${parts.join('.')}`;
}

/** `mp4a.40.<audioObjectType>` for MPEG-4 audio, `mp4a.<OTI hex>` otherwise (e.g. mp4a.6b for MP3). */
export function mp4aCodecString(esdsBody: Uint8Array): string {
  const config = readDecoderConfig(esdsBody);
  if (!config) return 'mp4a';
  const oti = config.objectTypeIndication;
  if (oti !== 0x40 || !config.specificInfo || config.specificInfo.length < 1)
    return `mp4a.${hex2(oti)}`;
  const info = config.specificInfo;
  let aot = info[0] >> 3;
  if (aot === 31 && info.length >= 2) aot = 32 + (((info[0] & 0x07) << 3) | (info[1] >> 5));
  return `mp4a.40.${aot}`;
}

function reverseBits32(value: number): number {
  let out = 0;
  for (let i = 0; i < 32; i++) out = (out << 1) | ((value >>> i) & 1);
  return out >>> 0;
}

interface DecoderConfig {
  objectTypeIndication: number;
  specificInfo: Uint8Array | null;
}

/** Walks the descriptors of an esds body (after version/flags) down to DecoderConfigDescriptor. */
function readDecoderConfig(body: Uint8Array): DecoderConfig | null {
  let pos = 4;
  const readDescriptor = () => {
    if (pos >= body.length) return null;
    const tag = body[pos++];
    let size = 0;
    for (let i = 0; i < 4 && pos < body.length; i++) {
      const byte = body[pos++];
      size = (size << 7) | (byte & 0x7f);
      if (!(byte & 0x80)) break;
    }
    return { tag, start: pos, end: Math.min(pos + size, body.length) };
  };
  const es = readDescriptor();
  if (!es || es.tag !== 0x03) return null;
  pos = es.start + 2;
  const flags = body[pos++];
  if (flags & 0x80) pos += 2;
  if (flags & 0x40) pos += 1 + body[pos];
  if (flags & 0x20) pos += 2;
  while (pos < es.end) {
    const descriptor = readDescriptor();
    if (!descriptor) return null;
    if (descriptor.tag === 0x04) {
      const objectTypeIndication = body[descriptor.start];
      pos = descriptor.start + 13;
      const info = pos < descriptor.end ? readDescriptor() : null;
      const specificInfo = info?.tag === 0x05 ? body.subarray(info.start, info.end) : null;
      return { objectTypeIndication, specificInfo };
    }
    pos = descriptor.end;
  }
  return null;
}
