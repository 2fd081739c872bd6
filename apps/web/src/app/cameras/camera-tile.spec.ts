import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { CameraInfo, SessionListItem } from '@camrec/shared-types';
import { cameraInfo, sessionItem, settle } from '../../test-support/api-fixtures';
import { FakeLivePlayer } from '../../test-support/fake-live-player';
import { LiveStream } from '../live/live-stream';
import { LivePlayer } from '../live/player/live-player';
import { SessionsStore } from '../live/sessions-store';
import { CameraDialogs } from './camera-dialogs';
import { CameraTile } from './camera-tile';

describe('CameraTile', () => {
  let fixture: ComponentFixture<CameraTile>;
  let http: HttpTestingController;
  let host: HTMLElement;

  async function listSessions(sessions: SessionListItem[]) {
    const refreshing = TestBed.inject(SessionsStore).refresh();
    http.expectOne('/session/list').flush({ sessions, max_sessions: 8 });
    await refreshing;
    await fixture.whenStable();
  }
  async function render(camera: CameraInfo) {
    fixture.componentRef.setInput('camera', camera);
    await fixture.whenStable();
  }
  const text = (selector: string) =>
    host.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [CameraTile],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    TestBed.overrideComponent(LiveStream, {
      set: { providers: [{ provide: LivePlayer, useClass: FakeLivePlayer }] },
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CameraTile);
    host = fixture.nativeElement;
    await render(cameraInfo('c1', { name: 'Porch' }));
  });

  afterEach(() => http.verify());

  it('plays the substream in the grid when there is one, else the main stream', async () => {
    await listSessions([
      sessionItem('main-c1', { camera_id: 'c1', stream: 'main' }),
      sessionItem('sub-c1', { camera_id: 'c1', stream: 'sub' }),
    ]);
    expect(host.querySelector('cr-live-stream')?.getAttribute('data-session-id')).toBe('main-c1');

    await render(cameraInfo('c1', { name: 'Porch', status: { substream_session_id: 'sub-c1' } }));
    const stream = host.querySelector('cr-live-stream');
    expect(stream?.getAttribute('data-session-id')).toBe('sub-c1');
    const player = fixture.debugElement
      .query((el) => el.name === 'cr-live-stream')
      .injector.get(LivePlayer) as FakeLivePlayer;
    // A new session got a player of its own, started on it.
    expect(player.started?.[1].sessionId).toBe('sub-c1');
    expect(host.querySelector('h3')?.textContent).toBe('Porch');
    expect(text('.badge')).toBe('Online');
  });

  it('says why it is offline, since when and when it tries again', async () => {
    const soon = new Date(Date.now() + 12_000).toISOString();
    await render(
      cameraInfo('c1', {
        name: 'Porch',
        status: {
          state: 'offline',
          session_id: null,
          offline_since: new Date().toISOString(),
          last_error: 'connection refused',
          next_attempt_at: soon,
        },
      }),
    );
    expect(host.querySelector('cr-live-stream')).toBeNull();
    expect(text('.badge')).toMatch(/^Offline since \d/);
    expect(text('.placeholder')).toMatch(/Offline since/);
    expect(text('.detail')).toMatch(/^Connection refused\. Next attempt in 1[12] s\.$/);
    expect(host.getAttribute('data-camera-state')).toBe('offline');
    expect(
      host.querySelector<HTMLButtonElement>('[aria-label="Show Porch full screen"]')?.disabled,
    ).toBe(true);

    await render(
      cameraInfo('c1', {
        name: 'Porch',
        enabled: false,
        status: { state: 'disabled', session_id: null },
      }),
    );
    expect(text('.badge')).toBe('Disabled');
  });

  it('says when its substream cannot be read and the main stream is shown instead', async () => {
    await render(
      cameraInfo('c1', {
        status: { state: 'online', substream_error: 'could not open rtsp://cam/sub: 404' },
      }),
    );
    expect(text('.badge')).toBe('Online');
    expect(text('.detail')).toBe(
      'Substream unavailable, showing the main stream: could not open rtsp://cam/sub: 404',
    );
  });

  it('says why a camera recorded continuously is not recorded', async () => {
    await render(
      cameraInfo('c1', {
        record: 'continuous',
        status: {
          state: 'online',
          recording_error:
            'continuous recording of camera c1 failed: ENOSPC: no space left on device, write',
        },
      }),
    );
    expect(text('.badge')).toBe('Online');
    expect(text('.detail')).toBe(
      'Not recording: Continuous recording of camera c1 failed: ENOSPC: no space left on device, write.',
    );
  });

  it('tells what it records and whether it sees motion', async () => {
    const motion = { ...cameraInfo('x').motion, enabled: true };
    await render(
      cameraInfo('c1', {
        name: 'Porch',
        record: 'continuous',
        motion,
        status: { recording: true },
      }),
    );
    await listSessions([
      sessionItem('main-c1', {
        camera_id: 'c1',
        stream: 'main',
        motion: { enabled: true, active: true, score: 0.2, last_event_at: null },
      }),
    ]);
    expect(text('.record-mode')).toBe('Records continuously · recording now');
    expect(text('.motion-state')).toBe('Motion now');
    expect(host.querySelector('.rec-dot')).not.toBeNull();
  });

  it('opens full screen, edit and delete for this camera', async () => {
    const dialogs = TestBed.inject(CameraDialogs);
    host.querySelector<HTMLButtonElement>('[aria-label="Show Porch full screen"]')?.click();
    expect(dialogs.fullView()).toBe('c1');
    host.querySelector<HTMLButtonElement>('[aria-label="Edit Porch"]')?.click();
    expect(dialogs.form()).toMatchObject({ kind: 'edit', camera: { id: 'c1' } });
    host.querySelector<HTMLButtonElement>('[aria-label="Delete Porch"]')?.click();
    expect(dialogs.deleting()?.id).toBe('c1');
  });

  it('lists its latest offline periods on demand', async () => {
    const toggle = host.querySelector<HTMLButtonElement>('[aria-expanded]');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    toggle?.click();
    await fixture.whenStable();
    http.expectOne('/cameras/c1/offline').flush({
      camera_id: 'c1',
      periods: [
        {
          started_at: '2026-11-20T10:00:00Z',
          ended_at: '2026-11-20T10:02:07Z',
          reason: 'connection refused',
        },
        { started_at: '2026-11-21T08:00:00Z', ended_at: null, reason: 'no frame within 5 s' },
      ],
    });
    await settle();
    await fixture.whenStable();
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    const rows = [...host.querySelectorAll('.history li')].map((li) =>
      li.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^since .* — no frame within 5 s$/);
    expect(rows[1]).toMatch(/, for 2:07 — connection refused$/);
  });
});
