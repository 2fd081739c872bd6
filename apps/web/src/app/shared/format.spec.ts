import {
  codecLabel,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatMoment,
  formatUntil,
  urlLabel,
} from './format';

describe('format', () => {
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7.9)).toBe('0:07');
    expect(formatDuration(83)).toBe('1:23');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-3)).toBe('0:00');
  });

  it('formats sizes', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(2_400_000)).toBe('2.4 MB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
    expect(formatBytes(3_200_000_000)).toBe('3.2 GB');
  });

  it('formats dates and keeps what it cannot parse', () => {
    expect(formatDateTime('2026-11-23T22:01:00Z', 'en-GB')).toMatch(/23 Nov 2026/);
    expect(formatDateTime('soon')).toBe('soon');
  });

  it('gives the time alone for today and the date otherwise', () => {
    const now = new Date('2026-11-23T12:00:00');
    expect(formatMoment('2026-11-23T10:02:03', now, 'en-GB')).toBe('10:02:03');
    expect(formatMoment('2026-11-20T10:02:03', now, 'en-GB')).toMatch(/20 Nov 2026/);
    expect(formatMoment('later', now)).toBe('later');
  });

  it('says how long until a moment', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(formatUntil('2026-11-23T12:00:12Z', now)).toBe('in 12 s');
    expect(formatUntil('2026-11-23T12:03:00Z', now)).toBe('in 3 min');
    expect(formatUntil('2026-11-23T11:59:00Z', now)).toBe('now');
  });

  it('names codecs', () => {
    expect(codecLabel('h264')).toBe('H.264');
    expect(codecLabel('hevc')).toBe('H.265');
    expect(codecLabel('mjpeg')).toBe('MJPEG');
    expect(codecLabel(null)).toBe('—');
    expect(codecLabel('vp9')).toBe('vp9');
  });

  it('labels camera URLs without credentials', () => {
    expect(urlLabel('rtsp://admin:secret@cam.local:554/live')).toBe('cam.local:554/live');
    expect(urlLabel('http://10.0.0.5/video.mjpg?x=1')).toBe('10.0.0.5/video.mjpg?x=1');
    expect(urlLabel('rtsp://u:p@[bad')).not.toContain('u:p');
  });
});
