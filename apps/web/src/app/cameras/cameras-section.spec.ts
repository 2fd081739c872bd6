import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DeferBlockState, TestBed, type ComponentFixture } from '@angular/core/testing';
import type { CameraInfo } from '@camrec/shared-types';
import { cameraInfo, sessionItem, settle } from '../../test-support/api-fixtures';
import { FakeLivePlayer } from '../../test-support/fake-live-player';
import { LiveStream } from '../live/live-stream';
import { LivePlayer } from '../live/player/live-player';
import { SessionsStore } from '../live/sessions-store';
import { CameraDialogs } from './camera-dialogs';
import { CamerasSection } from './cameras-section';
import { CamerasStore } from './cameras-store';

describe('CamerasSection', () => {
  let fixture: ComponentFixture<CamerasSection>;
  let http: HttpTestingController;
  let dialogs: CameraDialogs;
  let host: HTMLElement;

  const buttonNamed = (label: string) =>
    [...host.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.getAttribute('aria-label') === label || b.textContent?.trim() === label,
    );

  async function list(cameras: CameraInfo[], max = 16) {
    const refreshing = TestBed.inject(CamerasStore).refresh();
    http.expectOne('/cameras').flush({ cameras, max_cameras: max });
    await refreshing;
    const sessions = TestBed.inject(SessionsStore).refresh();
    http.expectOne('/session/list').flush({
      sessions: cameras.map((c) =>
        sessionItem(c.status.session_id ?? '', { camera_id: c.id, stream: 'main' }),
      ),
      max_sessions: 3,
    });
    await sessions;
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [CamerasSection],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    TestBed.overrideComponent(LiveStream, {
      set: { providers: [{ provide: LivePlayer, useClass: FakeLivePlayer }] },
    });
    http = TestBed.inject(HttpTestingController);
    dialogs = TestBed.inject(CameraDialogs);
    fixture = TestBed.createComponent(CamerasSection);
    host = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('invites to add a camera when there is none, and opens the form', async () => {
    await list([]);
    expect(host.textContent).toContain('No camera saved yet');
    expect(host.querySelector('.count')?.textContent).toBe('0 of 16');
    buttonNamed('Add camera')?.click();
    await fixture.whenStable();
    expect(host.querySelector('cr-camera-form h2')?.textContent).toBe('Add a camera');
  });

  it('shows every camera, and no Add once the limit is reached', async () => {
    await list([cameraInfo('a'), cameraInfo('b')], 2);
    expect(host.querySelectorAll('cr-camera-tile')).toHaveLength(2);
    expect(buttonNamed('Add camera')?.disabled).toBe(true);
  });

  /** The full-screen views are loaded when first opened. */
  async function renderDeferred() {
    await fixture.whenStable();
    for (const block of await fixture.getDeferBlocks()) {
      await block.render(DeferBlockState.Complete);
    }
    await fixture.whenStable();
  }

  it('shows a camera full screen on its main stream, with its timeline, and closes', async () => {
    await list([cameraInfo('a', { name: 'Porch', status: { substream_session_id: 'sub-a' } })]);
    buttonNamed('Show Porch full screen')?.click();
    await renderDeferred();
    const view = host.querySelector('cr-camera-full-view');
    expect(view?.querySelector('dialog')?.getAttribute('aria-labelledby')).toBe('full-view-title');
    expect(view?.querySelector('h2')?.textContent).toBe('Porch');
    expect(view?.querySelector('cr-live-stream')?.getAttribute('data-session-id')).toBe('main-a');
    // Its timeline reads what the camera recorded around now.
    const timeline = http.expectOne((r) => r.url === '/cameras/a/timeline');
    expect(Number(timeline.request.params.get('end'))).toBeGreaterThan(Date.now());
    timeline.flush({
      camera_id: 'a',
      start: new Date().toISOString(),
      end: new Date().toISOString(),
      resolution_ms: 3600,
      recorded: [],
      offline: [],
      events: [],
      clips: [],
      kept: [],
    });
    expect(view?.querySelector('[role="slider"]')?.getAttribute('aria-label')).toBe(
      'Timeline of Porch',
    );
    buttonNamed('Close the full-screen view of Porch')?.click();
    await fixture.whenStable();
    expect(dialogs.fullView()).toBeNull();
    expect(host.querySelector('cr-camera-full-view')).toBeNull();
  });

  it('plays the recordings of every camera on one timeline, and closes', async () => {
    await list([cameraInfo('a', { name: 'Porch' }), cameraInfo('b', { name: 'Gate' })]);
    buttonNamed('Timeline')?.click();
    await renderDeferred();
    const view = host.querySelector('cr-recordings-view');
    expect(view?.querySelector('dialog')?.getAttribute('aria-labelledby')).toBe('recordings-title');
    expect(view?.querySelector('h2')?.textContent).toBe('Recordings');
    expect(view?.querySelector('.badge')?.textContent).toBe('2 cameras in sync');
    expect(view?.querySelector('.media-message')?.textContent).toContain('Pick a moment');
    // One timeline request for every camera.
    const timeline = http.expectOne((r) => r.url === '/timeline');
    expect(timeline.request.params.get('cameras')).toBe('a,b');
    const now = new Date().toISOString();
    timeline.flush({ start: now, end: now, resolution_ms: 3600, cameras: [] });
    buttonNamed('Close the recordings')?.click();
    await fixture.whenStable();
    expect(dialogs.recordings()).toBe(false);
    expect(host.querySelector('cr-recordings-view')).toBeNull();
  });

  it('deletes a camera after asking, with its recordings when ticked', async () => {
    await list([cameraInfo('a', { name: 'Porch' })]);
    buttonNamed('Delete Porch')?.click();
    await fixture.whenStable();
    const confirm = host.querySelector('cr-delete-camera-dialog') as HTMLElement;
    expect(confirm.querySelector('h2')?.textContent).toBe('Delete “Porch”?');
    const box = confirm.querySelector<HTMLInputElement>('input[type="checkbox"]');
    expect(box?.checked).toBe(false);
    box?.click();
    [...confirm.querySelectorAll('button')]
      .find((b) => b.textContent?.trim() === 'Delete')
      ?.click();
    const request = http.expectOne((r) => r.url === '/cameras/a');
    expect(request.request.method).toBe('DELETE');
    expect(request.request.params.get('delete_recordings')).toBe('true');
    request.flush({ id: 'a', deleted: true, recordings_deleted: 2 });
    await settle();
    http.match('/session/list').forEach((r) => r.flush({ sessions: [], max_sessions: 3 }));
    http.match('/videos').forEach((r) => r.flush({ videos: [] }));
    http.expectOne('/cameras').flush({ cameras: [], max_cameras: 16 });
    await settle();
    await fixture.whenStable();
    expect(host.querySelector('cr-delete-camera-dialog')).toBeNull();
    expect(host.querySelector('cr-camera-tile')).toBeNull();
  });
});
