import { avcCodecString, hevcCodecString, mp4aCodecString } from './codec-string';

describe('codec strings', () => {
  it('builds avc1.PPCCLL from avcC', () => {
    expect(avcCodecString('avc1', Buffer.from([1, 0x42, 0xc0, 0x1e, 0xff]))).toBe('avc1.42c01e');
  });

  it('builds the HEVC string from the example in ISO 14496-15 Annex E', () => {
    // Main 10 profile (2), compat flags bit 2 set, main tier, level 120, constraint byte 0xB0.
    const hvcC = Buffer.alloc(23);
    hvcC[0] = 1;
    hvcC[1] = 0x02;
    hvcC.writeUInt32BE(0x20000000, 2);
    hvcC[6] = 0xb0;
    hvcC[12] = 120;
    expect(hevcCodecString('hev1', hvcC)).toBe('hev1.2.4.L120.B0');
    hvcC[1] = 0x20 | 0x01;
    expect(hevcCodecString('hvc1', hvcC)).toBe('hvc1.1.4.H120.B0');
  });

  it('reads the audio object type from esds, including the escape value 31', () => {
    const esds = (asc: number[], oti = 0x40) =>
      Buffer.from([
        0,
        0,
        0,
        0,
        0x03,
        21 + asc.length,
        0,
        1,
        0,
        0x04,
        15 + asc.length,
        oti,
        0x15,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0x05,
        asc.length,
        ...asc,
      ]);
    expect(mp4aCodecString(esds([0x11, 0x90]))).toBe('mp4a.40.2');
    expect(mp4aCodecString(esds([0xf8, 0x20, 0x00]))).toBe('mp4a.40.33');
    expect(mp4aCodecString(esds([], 0x6b))).toBe('mp4a.6b');
  });
});
