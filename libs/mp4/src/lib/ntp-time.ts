/** Seconds from 1900 (NTP's epoch) to 1970 (Unix's): the one copy of the tree. */
export const NTP_UNIX_OFFSET_S = 2_208_988_800;

/** A 64-bit NTP timestamp (seconds since 1900, 32-bit binary fraction) as ms since 1970. */
export function ntpToUnixMs(seconds: number, fraction: number): number {
  return (seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction / 2 ** 32) * 1000;
}

/** ms since 1970 as an NTP timestamp's seconds and 32-bit fraction. */
export function unixMsToNtp(unixMs: number): { seconds: number; fraction: number } {
  const seconds = Math.floor(unixMs / 1000);
  const fraction = Math.floor(((unixMs - seconds * 1000) / 1000) * 2 ** 32);
  return { seconds: seconds + NTP_UNIX_OFFSET_S, fraction: Math.min(fraction, 0xffffffff) };
}
