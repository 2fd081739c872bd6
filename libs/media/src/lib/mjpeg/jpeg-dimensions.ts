/** Start-of-frame markers C0–CF, except DHT (C4), JPG (C8) and DAC (CC), which are not frames. */
const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Width and height from a JPEG's SOF segment, or null when the data has none. */
export function readJpegDimensions(jpeg: Buffer): { width: number; height: number } | null {
  let pos = 2;
  while (pos + 4 <= jpeg.length && jpeg[pos] === 0xff) {
    const marker = jpeg[pos + 1];
    if (marker === 0xff) {
      pos += 1;
      continue;
    }
    const length = jpeg.readUInt16BE(pos + 2);
    if (isStartOfFrame(marker) && pos + 9 <= jpeg.length) {
      return { height: jpeg.readUInt16BE(pos + 5), width: jpeg.readUInt16BE(pos + 7) };
    }
    if (marker === 0xda) return null;
    pos += 2 + length;
  }
  return null;
}
