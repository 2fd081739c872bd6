/**
 * Big-endian field access on a Uint8Array (a Node Buffer is one too), for code that runs in
 * the browser and on the server alike. Reads outside the array throw a RangeError, as
 * Buffer's and DataView's do: a truncated box fails loudly instead of reading zeros.
 * Byte arithmetic rather than a DataView per call: no allocation on the live hot path.
 */

function outOfRange(at: number, bytes: number, length: number): RangeError {
  return new RangeError(`${bytes}-byte field at ${at} is outside ${length} bytes`);
}

export function readUint8(buf: Uint8Array, at: number): number {
  if (!(at >= 0 && at < buf.length)) throw outOfRange(at, 1, buf.length);
  return buf[at];
}

export function readUint16(buf: Uint8Array, at: number): number {
  if (!(at >= 0 && at + 2 <= buf.length)) throw outOfRange(at, 2, buf.length);
  return (buf[at] << 8) | buf[at + 1];
}

export function readUint32(buf: Uint8Array, at: number): number {
  if (!(at >= 0 && at + 4 <= buf.length)) throw outOfRange(at, 4, buf.length);
  return buf[at] * 0x1000000 + ((buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]);
}

export function readInt32(buf: Uint8Array, at: number): number {
  if (!(at >= 0 && at + 4 <= buf.length)) throw outOfRange(at, 4, buf.length);
  return (buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3];
}

/** 2^53 as the high word's limit: below it a 64-bit value is exact as a number. */
const SAFE_HIGH_WORD = 0x200000;
const TWO_32 = 0x100000000;

export function readBigUint64(buf: Uint8Array, at: number): bigint {
  const high = readUint32(buf, at);
  const low = readUint32(buf, at + 4);
  // Every real decode time is below 2^53: one BigInt made, not four (every fragment has one).
  if (high < SAFE_HIGH_WORD) return BigInt(high * TWO_32 + low);
  return (BigInt(high) << 32n) | BigInt(low);
}

export function writeUint32(buf: Uint8Array, at: number, value: number): void {
  if (!(at >= 0 && at + 4 <= buf.length)) throw outOfRange(at, 4, buf.length);
  buf[at] = value >>> 24;
  buf[at + 1] = value >>> 16;
  buf[at + 2] = value >>> 8;
  buf[at + 3] = value;
}

export function writeInt32(buf: Uint8Array, at: number, value: number): void {
  writeUint32(buf, at, value >>> 0);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function writeBigUint64(buf: Uint8Array, at: number, value: bigint): void {
  if (value >= 0n && value <= MAX_SAFE) {
    // Exact as a number: no BigInt arithmetic (each step would allocate).
    const n = Number(value);
    writeUint32(buf, at, Math.floor(n / TWO_32));
    writeUint32(buf, at + 4, n >>> 0);
    return;
  }
  writeUint32(buf, at, Number(BigInt.asUintN(32, value >> 32n)));
  writeUint32(buf, at + 4, Number(BigInt.asUintN(32, value)));
}

/** Four bytes as a box type or fourcc, one character a byte (latin1). */
export function fourCC(buf: Uint8Array, at: number): string {
  if (!(at >= 0 && at + 4 <= buf.length)) throw outOfRange(at, 4, buf.length);
  return String.fromCharCode(buf[at], buf[at + 1], buf[at + 2], buf[at + 3]);
}

/** Writes a four-character type at `at` (latin1). */
export function writeFourCC(buf: Uint8Array, at: number, type: string): void {
  if (!(at >= 0 && at + 4 <= buf.length)) throw outOfRange(at, 4, buf.length);
  for (let i = 0; i < 4; i++) buf[at + i] = type.charCodeAt(i);
}
