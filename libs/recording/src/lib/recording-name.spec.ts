import { parseRecordingName, recordingFiles, recordingName } from './recording-name';

const SESSION = '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b';

describe('recording names', () => {
  it('follows the seed: {session_id}_{YYYYMMDD-HHMMSS}.mp4 in local time', () => {
    expect(recordingName(SESSION, new Date(2025, 0, 2, 3, 4, 5))).toBe(
      `${SESSION}_20250102-030405.mp4`,
    );
  });

  it('parses back what it writes', () => {
    const at = new Date(2024, 11, 31, 23, 59, 58);
    expect(parseRecordingName(recordingName(SESSION, at))).toEqual({
      sessionId: SESSION,
      startedAt: at,
    });
  });

  it.each([
    `${SESSION}_20250102-030405.mp4.part`,
    `${SESSION}_20250102-030405.jpg`,
    `${SESSION}_2025012-030405.mp4`,
    `../${SESSION}_20250102-030405.mp4`,
    `${SESSION}_20250102_030405.mp4`,
    `_20250102-030405.mp4`,
    `a_b_20250102-030405.mp4`,
  ])('refuses %s', (name) => {
    expect(parseRecordingName(name)).toBeNull();
  });

  it('refuses a session id that could not be read back', () => {
    expect(() => recordingName('../x', new Date())).toThrow('cannot be part of a recording name');
  });

  it('names the companion files after the video', () => {
    expect(recordingFiles('s_20250102-030405.mp4')).toEqual({
      video: 's_20250102-030405.mp4',
      part: 's_20250102-030405.mp4.part',
      thumbnail: 's_20250102-030405.jpg',
      metadata: 's_20250102-030405.json',
    });
  });
});
