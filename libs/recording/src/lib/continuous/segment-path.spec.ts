import { parseSegmentFilePath, parseSegmentPath, segmentPath } from './segment-path';

describe('segment paths', () => {
  const startMs = Date.UTC(2025, 0, 2, 23, 59, 58, 7);

  it('files a segment under its camera and UTC day, named by camera and start to the ms', () => {
    expect(segmentPath('cam-1', startMs)).toBe(
      'continuous/cam-1/2025-01-02/cam-1_20250102T235958.007Z.mp4',
    );
  });

  it('reads camera and start back from the path alone, either slash', () => {
    const path = segmentPath('0b6f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f', startMs);
    expect(parseSegmentPath(path)).toEqual({
      cameraId: '0b6f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f',
      startMs,
    });
    expect(parseSegmentPath(path.replace(/\//g, '\\'))).toMatchObject({ startMs });
    expect(parseSegmentFilePath(`/srv/videos/${path}`)).toMatchObject({ startMs });
  });

  it('refuses what the recorder does not write', () => {
    const path = segmentPath('cam-1', startMs);
    expect(parseSegmentPath(`${path}.part`)).toBeNull();
    expect(parseSegmentPath(path.replace('continuous/cam-1/', 'continuous/cam-2/'))).toBeNull();
    expect(parseSegmentPath(path.replace('2025-01-02/', '2025-01-03/'))).toBeNull();
    expect(parseSegmentPath(path.replace('235958', '246158'))).toBeNull();
    expect(parseSegmentPath(`../${path}`)).toBeNull();
    expect(() => segmentPath('cam_1', startMs)).toThrow(/cannot name/);
    expect(() => segmentPath('../x', startMs)).toThrow(/cannot name/);
  });
});
