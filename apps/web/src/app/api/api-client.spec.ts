import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { SessionInfo } from '@camrec/shared-types';
import { recordingStatus } from '../../test-support/api-fixtures';
import { ApiClient, rangeVideoUrl, videoUrl } from './api-client';
import { ApiRequestError } from './api-error';

const session: SessionInfo = {
  session_id: 'abc123',
  name: 'Porch',
  camera_id: null,
  stream: null,
  source_type: 'rtsp',
  source_url: 'rtsp://***@cam.local/stream',
  local_rtsp_url: null,
  proxy: 'direct',
  insecure_tls: false,
  created_at: '2026-11-23T10:00:00Z',
  media: { video: { codec: 'h264', width: 1280, height: 720, fps: 25 }, audio: null },
};

describe('ApiClient', () => {
  let api: ApiClient;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(ApiClient);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('opens a session and tells a new session from an existing one', async () => {
    const created = api.openSession('rtsp://cam.local/stream', 'Porch');
    const request = http.expectOne('/session/open');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ url: 'rtsp://cam.local/stream', name: 'Porch' });
    request.flush(session, { status: 201, statusText: 'Created' });
    await expect(created).resolves.toEqual({ session, created: true });

    const existing = api.openSession('rtsp://cam.local/stream');
    const second = http.expectOne('/session/open');
    expect(second.request.body).toEqual({ url: 'rtsp://cam.local/stream' });
    second.flush(session, { status: 200, statusText: 'OK' });
    await expect(existing).resolves.toEqual({ session, created: false });
  });

  it('turns a camera authentication failure into words', async () => {
    const opening = api.openSession('rtsp://cam.local/stream');
    http
      .expectOne('/session/open')
      .flush(
        { statusCode: 502, error: 'Bad Gateway', message: 'camera answered 401 Unauthorized' },
        { status: 502, statusText: 'Bad Gateway' },
      );
    const error = await opening.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).message).toBe(
      'Wrong user name or password. Camera answered 401 Unauthorized.',
    );
    expect((error as ApiRequestError).statusCode).toBe(502);
  });

  it('says when the server cannot be reached', async () => {
    const listing = api.listSessions();
    http.expectOne('/session/list').error(new ProgressEvent('error'), { status: 0 });
    await expect(listing).rejects.toThrow('Cannot reach the Camera Recorder server');
  });

  it('starts a fixed or open-ended recording and stops it', async () => {
    const fixed = api.startRecording('abc123', 10);
    const start = http.expectOne('/record/start');
    expect(start.request.body).toEqual({ session_id: 'abc123', duration: 10 });
    start.flush({ filename: 'abc123_20261123-100000.mp4', started_at: 'x', duration: 10 });
    await fixed;

    const open = api.startRecording('abc123', null);
    const openStart = http.expectOne('/record/start');
    expect(openStart.request.body).toEqual({ session_id: 'abc123' });
    openStart.flush({ filename: 'f.mp4', started_at: 'x', duration: null });
    await open;

    const stop = api.stopRecording('abc123');
    const stopRequest = http.expectOne('/record/stop');
    expect(stopRequest.request.body).toEqual({ session_id: 'abc123' });
    stopRequest.flush({ filename: 'f.mp4', duration_s: 4.2, size_bytes: 1000 });
    await expect(stop).resolves.toEqual({ filename: 'f.mp4', duration_s: 4.2, size_bytes: 1000 });
  });

  it('reads recording status and deletes videos with encoded names', async () => {
    const status = api.recordingStatus('a b');
    http.expectOne('/record/status/a%20b').flush(recordingStatus());
    await expect(status).resolves.toMatchObject({ state: 'idle' });

    const deleting = api.deleteVideo('x y.mp4');
    const request = http.expectOne('/videos/x%20y.mp4');
    expect(request.request.method).toBe('DELETE');
    request.flush('', { status: 204, statusText: 'No Content' });
    await expect(deleting).resolves.toBeUndefined();
  });

  it('builds playback and download URLs', () => {
    expect(videoUrl('cam_20261123-100000.mp4')).toBe('/videos/cam_20261123-100000.mp4');
    expect(videoUrl('a.mp4', true)).toBe('/videos/a.mp4?download=1');
    expect(rangeVideoUrl('k3v9q2m7x4ab', 1_000.4, 2_000.2)).toBe(
      '/cameras/k3v9q2m7x4ab/video.mp4?start=1000&end=2001',
    );
  });
});
