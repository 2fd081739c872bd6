import { randomBytes } from 'node:crypto';

/** RFC 4648 base32, lower case: URL-safe, no look-alike pairs such as 0/O or 1/l. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A camera id: 12 random base32 characters (60 bits), short enough for URLs and logs. */
export function newCameraId(): string {
  let id = '';
  for (const byte of randomBytes(12)) id += ALPHABET[byte & 31];
  return id;
}
