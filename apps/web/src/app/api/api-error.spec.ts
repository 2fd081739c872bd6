import { HttpErrorResponse } from '@angular/common/http';
import { describeHttpError, errorMessage } from './api-error';

function failure(status: number, message?: string): HttpErrorResponse {
  const error = message === undefined ? null : { statusCode: status, error: 'E', message };
  return new HttpErrorResponse({ status, error });
}

describe('describeHttpError', () => {
  it.each([
    [
      401,
      'camera refused the credentials',
      'Wrong user name or password. Camera refused the credentials.',
    ],
    [404, 'camera answered 404: no such stream', 'Not found. Camera answered 404: no such stream.'],
    [
      504,
      'no frame within 5 s (3 attempts)',
      'The camera did not answer in time. No frame within 5 s (3 attempts).',
    ],
    [409, 'too many sessions: 3 are open', 'Session limit reached. Too many sessions: 3 are open.'],
    [409, 'session limit reached (3 of 3)', 'Session limit reached (3 of 3).'],
    [409, 'camera limit reached (16 of 16)', 'Camera limit reached (16 of 16).'],
    [
      409,
      'too many cameras: 16 are saved',
      'Camera limit reached. Too many cameras: 16 are saved.',
    ],
    [409, 'a camera named "Porch" already exists', 'A camera named "Porch" already exists.'],
    [404, 'Not Found', 'Not Found.'],
    [400, 'url must use rtsp, rtsps, http or https', 'URL must use rtsp, rtsps, http or https.'],
    [
      507,
      'videos folder is nearly full',
      'Not enough room to record. Videos folder is nearly full.',
    ],
  ])('status %i: %s', (status, message, expected) => {
    expect(describeHttpError(failure(status, message)).message).toBe(expected);
  });

  it('falls back to the status when the body is not an API error', () => {
    expect(describeHttpError(failure(500)).message).toBe(
      'The server ran into a problem. The server answered 500.',
    );
  });

  it('words anything thrown', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(failure(0))).toMatch(/Cannot reach/);
  });
});
