import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { CameraInfo } from '@camrec/shared-types';
import { cameraInfo, settle } from '../../test-support/api-fixtures';
import { CamerasStore } from './cameras-store';

describe('CamerasStore', () => {
  let store: CamerasStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(CamerasStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function answerList(cameras: CameraInfo[]) {
    http.expectOne('/cameras').flush({ cameras, max_cameras: 16 });
    await settle();
  }

  /** Saving and deleting list the sessions again (adopted or ended); these tests let them be. */
  function answerSessionsAndVideos() {
    http.match('/session/list').forEach((r) => r.flush({ sessions: [], max_sessions: 8 }));
    http.match('/videos').forEach((r) => r.flush({ videos: [] }));
  }

  it('lists the saved cameras and the limit', async () => {
    const refreshing = store.refresh();
    await answerList([cameraInfo('a'), cameraInfo('b')]);
    await refreshing;
    expect(store.cameras().map((c) => c.id)).toEqual(['a', 'b']);
    expect(store.maxCameras()).toBe(16);
    expect(store.byId('b')?.name).toBe('Camera b');
    expect(store.loaded()).toBe(true);
  });

  it('polls the list', async () => {
    jest.useFakeTimers();
    try {
      store.startPolling(2000);
      http.expectOne('/cameras').flush({ cameras: [], max_cameras: 16 });
      await jest.advanceTimersByTimeAsync(2000);
      http.expectOne('/cameras').flush({ cameras: [cameraInfo('a')], max_cameras: 16 });
      await jest.advanceTimersByTimeAsync(0);
      expect(store.cameras().map((c) => c.id)).toEqual(['a']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('adds a saved camera at once and lists the sessions again (the preview was adopted)', async () => {
    const creating = store.create({ name: 'Gate', url: 'rtsp://u:p@gate/1' });
    const request = http.expectOne('/cameras');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ name: 'Gate', url: 'rtsp://u:p@gate/1' });
    request.flush(cameraInfo('g', { name: 'Gate' }), { status: 201, statusText: 'Created' });
    await expect(creating).resolves.toMatchObject({ id: 'g' });
    expect(store.cameras().map((c) => c.name)).toEqual(['Gate']);
    http.expectOne('/session/list').flush({ sessions: [], max_sessions: 8 });
  });

  it('patches only what it is given and replaces the camera', async () => {
    const first = store.refresh();
    await answerList([cameraInfo('a')]);
    await first;
    const updating = store.update('a', { record: 'continuous' });
    const request = http.expectOne('/cameras/a');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ record: 'continuous' });
    request.flush(cameraInfo('a', { record: 'continuous' }));
    await updating;
    expect(store.byId('a')?.record).toBe('continuous');
    answerSessionsAndVideos();
  });

  it('hides a camera being deleted, and asks for its recordings only when told', async () => {
    const first = store.refresh();
    await answerList([cameraInfo('a'), cameraInfo('b')]);
    await first;

    const removing = store.remove('a', true);
    expect(store.cameras().map((c) => c.id)).toEqual(['b']);
    const request = http.expectOne((r) => r.url === '/cameras/a');
    expect(request.request.method).toBe('DELETE');
    expect(request.request.params.get('delete_recordings')).toBe('true');
    request.flush({ id: 'a', deleted: true, recordings_deleted: 3 });
    await settle();
    answerSessionsAndVideos();
    await answerList([cameraInfo('b')]);
    await expect(removing).resolves.toEqual({ id: 'a', deleted: true, recordings_deleted: 3 });
    expect(store.cameras().map((c) => c.id)).toEqual(['b']);

    const keeping = store.remove('b', false);
    const second = http.expectOne((r) => r.url === '/cameras/b');
    expect(second.request.params.has('delete_recordings')).toBe(false);
    second.flush({ id: 'b', deleted: true, recordings_deleted: 0 });
    await settle();
    answerSessionsAndVideos();
    await answerList([]);
    await keeping;
  });

  it('shows a camera again when its deletion fails', async () => {
    const first = store.refresh();
    await answerList([cameraInfo('a')]);
    await first;
    const outcome = store.remove('a', false).catch((error: unknown) => error);
    http
      .expectOne((r) => r.url === '/cameras/a')
      .flush(
        { statusCode: 500, error: 'E', message: 'disk error' },
        { status: 500, statusText: 'E' },
      );
    await settle();
    await answerList([cameraInfo('a')]);
    expect(String(await outcome)).toContain('Disk error.');
    expect(store.cameras().map((c) => c.id)).toEqual(['a']);
  });

  it('keeps the error in words when the list fails', async () => {
    const refreshing = store.refresh();
    http
      .expectOne('/cameras')
      .flush(
        { statusCode: 404, error: 'Not Found', message: 'Cannot GET /cameras' },
        { status: 404, statusText: 'Not Found' },
      );
    await refreshing;
    expect(store.error()).toBe('Not found. Cannot GET /cameras.');
  });

  it('lists offline periods newest first', async () => {
    const loading = store.offlinePeriods('a');
    http.expectOne('/cameras/a/offline').flush({
      camera_id: 'a',
      periods: [
        { started_at: '2026-11-23T09:00:00Z', ended_at: '2026-11-23T09:01:00Z', reason: 'x' },
        { started_at: '2026-11-23T10:00:00Z', ended_at: null, reason: 'refused' },
      ],
    });
    const periods = await loading;
    expect(periods.map((p) => p.reason)).toEqual(['refused', 'x']);
  });
});
