import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { SessionListItem } from '@camrec/shared-types';
import { recordingStatus, sessionItem, settle } from '../../test-support/api-fixtures';
import { FakeLivePlayer as FakePlayer } from '../../test-support/fake-live-player';
import { CameraDialogs } from '../cameras/camera-dialogs';
import { LivePlayer } from './player/live-player';
import { MotionControl } from './motion-control';
import { RecordingTracker } from './recording-tracker';
import { SessionTile } from './session-tile';

describe('SessionTile', () => {
  let fixture: ComponentFixture<SessionTile>;
  let http: HttpTestingController;
  let player: FakePlayer;
  let host: HTMLElement;

  async function render(session: SessionListItem) {
    fixture.componentRef.setInput('session', session);
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [SessionTile],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    TestBed.overrideComponent(SessionTile, {
      set: {
        providers: [{ provide: LivePlayer, useClass: FakePlayer }, RecordingTracker, MotionControl],
      },
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SessionTile);
    host = fixture.nativeElement;
    await render(sessionItem('s1', { name: 'Porch', viewers: 2 }));
    player = fixture.debugElement.injector.get(LivePlayer) as FakePlayer;
    http.match('/record/status/s1').forEach((request) => request.flush(recordingStatus()));
  });

  afterEach(() => {
    // The tile's motion panel loads its settings and events; these tests are not about them.
    http.match((r) => r.url.endsWith('/motion')).forEach((r) => r.flush({ enabled: false }));
    http.match((r) => r.url === '/events').forEach((r) => r.flush({ events: [] }));
    http.verify();
  });

  it('starts the player on its canvas and video once rendered', () => {
    expect(player.started?.[0].canvas).toBeInstanceOf(HTMLCanvasElement);
    expect(player.started?.[1]).toEqual({ sessionId: 's1', sourceType: 'rtsp', hasAudio: false });
  });

  it('shows the local RTSP URL of a proxied session with a button that copies it', async () => {
    expect(host.querySelector('.local-url')).toBeNull();
    const url = 'rtsp://127.0.0.1:8554/sess-s1';
    await render(sessionItem('s1', { name: 'Porch', proxy: 'mediamtx', local_rtsp_url: url }));
    expect(host.querySelector('.local-url-text')?.textContent).toBe(url);
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void copied.push(text) },
    });
    host
      .querySelector<HTMLButtonElement>('[aria-label="Copy the local RTSP URL of Porch"]')
      ?.click();
    await fixture.whenStable();
    expect(copied).toEqual([url]);
    expect(host.querySelector('.copy-status')?.textContent).toBe('Copied');
  });

  it('shows the live state and the measured figures', async () => {
    player.state.set('live');
    player.decoder.set('webcodecs');
    player.fps.set(25);
    player.resolution.set({ width: 1920, height: 1080 });
    player.delayMs.set(42);
    player.delayKind.set('local');
    await fixture.whenStable();
    const stats = host.querySelector('.stats')?.textContent?.replace(/\s+/g, ' ');
    expect(host.querySelector('.state')?.textContent).toContain('Live');
    expect(stats).toContain('25 fps');
    expect(stats).toContain('1920×1080');
    expect(stats).toContain('H.264');
    expect(stats).toContain('WebCodecs');
    expect(stats).toContain('2 viewers');
    // Arrival → paint is all this browser can tell without a capture time: said so.
    expect(stats).toContain('42 ms in browser');
    expect(stats).not.toContain('delay');
    expect(host.querySelector('.veil')).toBeNull();
    expect(host.getAttribute('data-decoder')).toBe('webcodecs');

    player.delayMs.set(118);
    player.delayKind.set('camera');
    await fixture.whenStable();
    const delay = host.querySelector('.stats .delay');
    expect(delay?.textContent?.trim()).toBe('118 ms camera → screen');
    expect(delay?.getAttribute('title')).toContain('camera’s clock');
  });

  it('says reconnecting with the reason, from the player or the session list', async () => {
    player.state.set('reconnecting');
    player.notice.set('Connection to the server lost; reconnecting.');
    await fixture.whenStable();
    expect(host.querySelector('.veil')?.textContent).toContain('Reconnecting');
    expect(host.querySelector('.veil')?.textContent).toContain('Connection to the server lost');

    player.state.set('live');
    player.notice.set(null);
    await render(sessionItem('s1', { state: 'reconnecting', last_error: 'camera refused' }));
    expect(host.getAttribute('data-state')).toBe('reconnecting');
    expect(host.querySelector('.veil')?.textContent).toContain('camera refused');
  });

  it('offers sound only when the session has audio', async () => {
    expect(host.querySelector('[aria-label="Unmute Porch"]')).toBeNull();
    await render(
      sessionItem('s1', {
        name: 'Porch',
        media: {
          video: { codec: 'h264', width: 1280, height: 720, fps: 25 },
          audio: { codec: 'aac', source_codec: 'pcm_alaw' },
        },
      }),
    );
    const unmute = host.querySelector<HTMLButtonElement>('[aria-label="Unmute Porch"]');
    unmute?.click();
    await fixture.whenStable();
    expect(player.mutedAsked).toBe(false);
    expect(host.querySelector('[aria-label="Mute Porch"]')?.getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  it('offers to save an unsaved session as a camera, pre-filled with what is known', async () => {
    await render(
      sessionItem('s1', { name: 'Porch', source_url: 'rtsp://admin:***@porch.local/live' }),
    );
    host.querySelector<HTMLButtonElement>('[aria-label="Save Porch as a camera"]')?.click();
    expect(TestBed.inject(CameraDialogs).form()).toMatchObject({
      kind: 'add',
      values: { name: 'Porch', url: '' },
      session: { session_id: 's1' },
    });
    // A saved camera's session is its tile's business, not this one's.
    await render(sessionItem('s1', { name: 'Porch', camera_id: 'c1', stream: 'main' }));
    expect(host.querySelector('[aria-label="Save Porch as a camera"]')).toBeNull();
  });

  it('closes the session', async () => {
    host.querySelector<HTMLButtonElement>('[aria-label="Close Porch"]')?.click();
    const request = http.expectOne('/session/close');
    expect(request.request.body).toEqual({ session_id: 's1' });
    request.flush({ session_id: 's1', closed: true });
    await settle();
    http.match('/videos').forEach((r) => r.flush({ videos: [] }));
    http.match('/session/list').forEach((r) => r.flush({ sessions: [], max_sessions: 3 }));
  });

  it('records for the chosen length and shows elapsed time and progress', async () => {
    const select = host.querySelector<HTMLSelectElement>('select');
    expect(select?.value).toBe('30');
    if (select) {
      select.value = '10';
      select.dispatchEvent(new Event('change'));
    }
    host.querySelector<HTMLButtonElement>('[aria-label="Record Porch"]')?.click();
    const start = http.expectOne('/record/start');
    expect(start.request.body).toEqual({ session_id: 's1', duration: 10 });
    start.flush({ filename: 's1_20261123-100000.mp4', started_at: 'x', duration: 10 });
    await settle();
    await fixture.whenStable();
    expect(host.querySelector('.rec-badge')?.textContent).toContain('REC 0:00');
    expect(host.querySelector('[role="progressbar"]')?.getAttribute('aria-valuemax')).toBe('10');
    expect(host.querySelector('[aria-label="Stop recording Porch"]')).not.toBeNull();
  });

  it('says when a recording is writing seconds behind the camera, and not for a moment of queue', async () => {
    const tracker = fixture.debugElement.injector.get(RecordingTracker);
    const recording = { state: 'recording' as const, filename: 'f.mp4', bytes: 9 };
    tracker.status.set(recordingStatus({ ...recording, elapsed_s: 20, behind_s: 3.4 }));
    await fixture.whenStable();
    expect(host.querySelector('.behind')?.textContent).toContain(
      'Writing 3 s behind the camera: the server is not keeping up',
    );
    tracker.status.set(recordingStatus({ ...recording, elapsed_s: 21, behind_s: 0.4 }));
    await fixture.whenStable();
    expect(host.querySelector('.behind')).toBeNull();
  });
});
