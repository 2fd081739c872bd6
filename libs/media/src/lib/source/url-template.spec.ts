import { parseUrlTemplate, resolveUrlTemplate, urlVariables } from './url-template';

describe('URL templates', () => {
  const template = 'rtsp://admin:${CAM_PASS}@cam.local:554/${STREAM}?x=${CAM_PASS}';

  it('names each variable once, in order', () => {
    expect(urlVariables(template)).toEqual(['CAM_PASS', 'STREAM']);
    expect(urlVariables('rtsp://cam/stream')).toEqual([]);
  });

  it('fills in the variables percent-encoded, so any password makes a valid URL', () => {
    const url = resolveUrlTemplate(template, { CAM_PASS: 'p@ss/w:rd#1', STREAM: 'main' });
    expect(url).toBe('rtsp://admin:p%40ss%2Fw%3Ard%231@cam.local:554/main?x=p%40ss%2Fw%3Ard%231');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss/w:rd#1');
  });

  it('names a missing variable without showing any value', () => {
    expect(() => resolveUrlTemplate(template, { STREAM: 'main' })).toThrow(
      "url names ${CAM_PASS}, which is not set in the server's environment",
    );
  });

  it('checks the rest of the URL whatever the variables hold', () => {
    expect(parseUrlTemplate(template).masked).toBe('rtsp://admin:***@cam.local:554/x?x=x');
    expect(() => parseUrlTemplate('file:///etc/${X}')).toThrow(/scheme "file:" is not allowed/);
  });
});
