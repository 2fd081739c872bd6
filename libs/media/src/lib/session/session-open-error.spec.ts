import { SourceFailure, type SourceFailureKind } from '../ingest/source-failure';
import { describeSourceFailure, SessionOpenError } from './session-open-error';

const context = {
  maskedUrl: 'rtsp://admin:***@cam/s',

  verifyFrames: 10,
  verifyTimeoutS: 5,
  attempts: 3,
};
const describe_ = (kind: SourceFailureKind, detail: string) =>
  describeSourceFailure(new SourceFailure(kind, detail), context);

describe('SessionOpenError', () => {
  it('suggests 502 for camera errors, 504 for timeouts, 422 for what cannot be used', () => {
    const status = (kind: SourceFailureKind) => new SessionOpenError(kind, 'm', 'd').httpStatus;
    expect(
      ['unauthorized', 'not_found', 'refused', 'unreachable'].map((k) =>
        status(k as SourceFailureKind),
      ),
    ).toEqual([502, 502, 502, 502]);
    expect(status('timeout')).toBe(504);
    expect(
      ['no_video', 'unsupported_codec', 'unsupported_content_type'].map((k) =>
        status(k as SourceFailureKind),
      ),
    ).toEqual([422, 422, 422]);
  });

  it('says what went wrong in words', () => {
    expect(describe_('no_video', 'the stream has no video track')).toBe(
      'stream at rtsp://admin:***@cam/s has no video track',
    );
    expect(describe_('unsupported_codec', 'the camera sends mpeg4 video')).toBe(
      'stream at rtsp://admin:***@cam/s cannot be used: the camera sends mpeg4 video; over RTSP only H.264 and H.265 are supported',
    );
    expect(describe_('timeout', 'only 3 frames arrived')).toBe(
      'camera at rtsp://admin:***@cam/s did not deliver 10 frames within 5 s (3 attempts): only 3 frames arrived',
    );
  });
});
