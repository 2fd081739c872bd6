import {
  readBigUint64,
  readInt32,
  readUint16,
  readUint32,
  writeBigUint64,
  writeInt32,
  writeUint32,
} from './bytes';

describe('big-endian fields', () => {
  it('reads and writes 16, 32 and 64-bit fields as Buffer does', () => {
    const bytes = new Uint8Array(16);
    const buffer = Buffer.from(bytes.buffer);
    for (const value of [
      0n,
      1n,
      0xffffffffn,
      2n ** 32n,
      2n ** 53n - 1n,
      2n ** 53n,
      2n ** 64n - 1n,
    ]) {
      writeBigUint64(bytes, 4, value);
      expect(buffer.readBigUInt64BE(4)).toBe(value);
      expect(readBigUint64(bytes, 4)).toBe(value);
    }
    writeUint32(bytes, 0, 0xfedcba98);
    expect(buffer.readUInt32BE(0)).toBe(0xfedcba98);
    expect(readUint32(bytes, 0)).toBe(0xfedcba98);
    expect(readUint16(bytes, 0)).toBe(0xfedc);
    writeInt32(bytes, 0, -5);
    expect(buffer.readInt32BE(0)).toBe(-5);
    expect(readInt32(bytes, 0)).toBe(-5);
  });

  it('throws a RangeError for a field past the end, as Buffer and DataView do', () => {
    const bytes = new Uint8Array(6);
    expect(() => readUint32(bytes, 3)).toThrow(RangeError);
    expect(() => readUint16(bytes, -1)).toThrow(RangeError);
    expect(() => readBigUint64(bytes, 0)).toThrow(RangeError);
    expect(() => writeUint32(bytes, 4, 1)).toThrow(RangeError);
    expect(readUint16(bytes, 4)).toBe(0);
  });
});
