import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type {
  OnvifDevice,
  OnvifDiscoveryResponse,
  OnvifProfilesResponse,
  SessionListItem,
} from '@camrec/shared-types';
import { cameraInfo, sessionItem, settle } from '../../test-support/api-fixtures';
import { everythingStored } from '../../test-support/browser-storage';
import { FakeLivePlayer } from '../../test-support/fake-live-player';
import { LiveStream } from '../live/live-stream';
import { SessionsStore } from '../live/sessions-store';
import { LivePlayer } from '../live/player/live-player';
import { CameraDialogs, type CameraFormRequest } from './camera-dialogs';
import { CameraForm } from './camera-form';
import { NEW_CAMERA } from './camera-form-model';

const onvifDevice: OnvifDevice = {
  address: '192.168.1.20',
  port: 80,
  xaddrs: ['http://192.168.1.20/onvif/device_service'],
  endpoint: 'urn:uuid:1',
  name: 'Garden',
  hardware: 'TD-100',
  location: null,
  scopes: [],
  saved_cameras: [],
};
const onvifDiscovery: OnvifDiscoveryResponse = {
  devices: [onvifDevice],
  timeout_ms: 3000,
  truncated: false,
};
const onvifProfile = (role: 'main' | 'sub', width: number, height: number) => ({
  token: role,
  name: `${role}Stream`,
  encoding: 'H264',
  width,
  height,
  fps: 25,
  bitrate_kbps: 1024,
  stream_uri: `rtsp://admin:s3cret@192.168.1.20:554/${role}`,
  stream_error: null,
  role,
});
const onvifProfiles: OnvifProfilesResponse = {
  address: '192.168.1.20',
  port: 80,
  device: { manufacturer: 'Test', model: 'TD-100', firmware_version: '1' },
  profiles: [onvifProfile('main', 1920, 1080), onvifProfile('sub', 640, 360)],
  main_stream_uri: 'rtsp://admin:s3cret@192.168.1.20:554/main',
  substream_uri: 'rtsp://admin:s3cret@192.168.1.20:554/sub',
};

describe('CameraForm', () => {
  let fixture: ComponentFixture<CameraForm>;
  let http: HttpTestingController;
  let dialogs: CameraDialogs;
  let host: HTMLElement;

  const field = (id: string) =>
    host.querySelector<HTMLInputElement>(`#camera-form-${id}`) as HTMLInputElement;
  const button = (text: string) =>
    [...host.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as
      HTMLButtonElement | undefined;
  async function typeInto(selector: string, value: string) {
    const input = host.querySelector<HTMLInputElement>(selector) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }
  async function type(id: string, value: string) {
    field(id).value = value;
    field(id).dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }
  /** Clicks and lets the handler reach its request (it may await something first). */
  async function press(text: string) {
    button(text)?.click();
    await settle();
  }
  /** The list as the app's polling would bring it. */
  async function answerSessions(sessions: SessionListItem[]) {
    await settle();
    void TestBed.inject(SessionsStore).refresh();
    http.match('/session/list').forEach((r) => r.flush({ sessions, max_sessions: 8 }));
    await settle();
    await fixture.whenStable();
  }

  async function render(request: CameraFormRequest) {
    localStorage.clear();
    sessionStorage.clear();
    TestBed.configureTestingModule({
      imports: [CameraForm],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    TestBed.overrideComponent(LiveStream, {
      set: { providers: [{ provide: LivePlayer, useClass: FakeLivePlayer }] },
    });
    http = TestBed.inject(HttpTestingController);
    dialogs = TestBed.inject(CameraDialogs);
    dialogs.form.set(request);
    fixture = TestBed.createComponent(CameraForm);
    fixture.componentRef.setInput('request', request);
    host = fixture.nativeElement;
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  describe('adding', () => {
    beforeEach(() => render({ kind: 'add', values: NEW_CAMERA, session: null }));

    it('has labelled fields and record choices, in a modal dialog', () => {
      expect(host.querySelector('dialog')?.getAttribute('aria-labelledby')).toBe(
        'camera-form-title',
      );
      expect(host.querySelector('h2')?.textContent).toBe('Add a camera');
      expect(host.querySelector('label[for="camera-form-name"]')?.textContent).toContain('Name');
      expect(host.querySelector('label[for="camera-form-url"]')?.textContent).toContain(
        'Main stream URL',
      );
      expect(host.querySelector('label[for="camera-form-substream_url"]')?.textContent).toContain(
        'Substream URL',
      );
      const modes = [...host.querySelectorAll<HTMLInputElement>('input[name="record"]')];
      expect(modes.map((m) => [m.value, m.checked])).toEqual([
        ['off', true],
        ['motion', false],
        ['continuous', false],
      ]);
    });

    it('asks for a name and a URL before calling the server', async () => {
      button('Save')?.click();
      await fixture.whenStable();
      expect(field('name').getAttribute('aria-invalid')).toBe('true');
      expect(field('name').getAttribute('aria-describedby')).toBe('camera-form-name-error');
      expect(host.querySelector('#camera-form-url-error')?.textContent).toContain(
        'Paste the camera’s URL',
      );
      expect(document.activeElement).toBe(field('name'));
    });

    it('previews the URL, then saves: the server adopts the preview, nothing is closed', async () => {
      await type('name', 'Gate');
      await type('url', 'rtsp://admin:s3cret@gate.local/main');
      await press('Preview');
      const open = http.expectOne('/session/open');
      expect(open.request.body).toEqual({
        url: 'rtsp://admin:s3cret@gate.local/main',
        name: 'Gate',
      });
      open.flush(sessionItem('p1', { name: 'Gate' }), { status: 201, statusText: 'Created' });
      await answerSessions([sessionItem('p1', { name: 'Gate' })]);
      expect(host.querySelector('cr-live-stream')?.getAttribute('data-session-id')).toBe('p1');
      // Only the form plays it: the unsaved grid leaves it out.
      expect(dialogs.previewing()).toBe('p1');

      await type('substream_url', 'rtsp://admin:s3cret@gate.local/sub');
      host.querySelector<HTMLInputElement>('input[value="continuous"]')?.click();
      button('Save')?.click();
      const save = http.expectOne('/cameras');
      expect(save.request.body).toEqual({
        name: 'Gate',
        url: 'rtsp://admin:s3cret@gate.local/main',
        substream_url: 'rtsp://admin:s3cret@gate.local/sub',
        record: 'continuous',
        insecure_tls: false,
        motion: { enabled: false },
      });
      save.flush(cameraInfo('g', { name: 'Gate', status: { session_id: 'p1' } }), {
        status: 201,
        statusText: 'Created',
      });
      await answerSessions([sessionItem('p1', { camera_id: 'g', stream: 'main' })]);
      http.expectNone('/session/close');
      expect(dialogs.form()).toBeNull();
      expect(dialogs.previewing()).toBeNull();
      // The password went to the server, and nowhere in the browser.
      expect(everythingStored()).not.toContain('s3cret');
    });

    it('finds an ONVIF camera, reads its streams with its password and saves both', async () => {
      await press('Find cameras on the network (ONVIF)');
      http.expectOne('/onvif/discover').flush(onvifDiscovery);
      await settle();
      await fixture.whenStable();
      const device = host.querySelector<HTMLButtonElement>('.device');
      expect(device?.querySelector('.device-name')?.textContent).toBe('Garden');
      expect(device?.querySelector('.device-detail')?.textContent).toBe('192.168.1.20:80 · TD-100');
      expect(device?.getAttribute('aria-pressed')).toBe('false');
      device?.click();
      await fixture.whenStable();
      expect(host.querySelector<HTMLInputElement>('#find-cameras-address')?.value).toBe(
        'http://192.168.1.20/onvif/device_service',
      );
      await typeInto('#find-cameras-username', 'admin');
      await typeInto('#find-cameras-password', 'wrong');
      await press('Read streams');
      http.expectOne('/onvif/profiles').flush(
        {
          statusCode: 502,
          error: 'Bad Gateway',
          message:
            'the camera refused the user name or password (the device at 192.168.1.20:80, GetProfiles)',
        },
        { status: 502, statusText: 'Bad Gateway' },
      );
      await settle();
      await fixture.whenStable();
      expect(host.querySelector('.find [role="alert"]')?.textContent).toContain(
        'Wrong user name or password. The camera refused the user name or password',
      );
      expect(field('url').value).toBe('');

      await typeInto('#find-cameras-password', 's3cret');
      await press('Read streams');
      const read = http.expectOne('/onvif/profiles');
      expect(read.request.body).toEqual({
        address: 'http://192.168.1.20/onvif/device_service',
        username: 'admin',
        password: 's3cret',
      });
      read.flush(onvifProfiles);
      await settle();
      await fixture.whenStable();
      expect(field('name').value).toBe('Garden');
      expect(field('url').value).toBe('rtsp://admin:s3cret@192.168.1.20:554/main');
      expect(field('substream_url').value).toBe('rtsp://admin:s3cret@192.168.1.20:554/sub');
      expect(host.querySelector('.profiles')?.textContent).toContain('Main stream');

      button('Save')?.click();
      const save = http.expectOne('/cameras');
      expect(save.request.body).toMatchObject({
        name: 'Garden',
        url: 'rtsp://admin:s3cret@192.168.1.20:554/main',
        substream_url: 'rtsp://admin:s3cret@192.168.1.20:554/sub',
      });
      save.flush(cameraInfo('g', { name: 'Garden', status: { session_id: 'm1' } }), {
        status: 201,
        statusText: 'Created',
      });
      await answerSessions([sessionItem('m1', { camera_id: 'g', stream: 'main' })]);
      expect(dialogs.form()).toBeNull();
      expect(everythingStored()).not.toContain('s3cret');
    });

    it('closes the preview it opened on Cancel', async () => {
      await type('name', 'Gate');
      await type('url', 'rtsp://gate.local/main');
      await press('Preview');
      http
        .expectOne('/session/open')
        .flush(sessionItem('p1'), { status: 201, statusText: 'Created' });
      await answerSessions([sessionItem('p1')]);

      button('Cancel')?.click();
      await settle();
      const close = http.expectOne('/session/close');
      expect(close.request.body).toEqual({ session_id: 'p1' });
      close.flush({ session_id: 'p1', closed: true });
      await settle();
      http.match('/videos').forEach((r) => r.flush({ videos: [] }));
      await answerSessions([]);
      expect(dialogs.form()).toBeNull();
    });

    it('closes a stale preview when the URL changes, and none it did not open', async () => {
      await type('url', 'rtsp://gate.local/main');
      await press('Preview');
      // Already open (200): someone's session, shown but not this form's to close.
      http.expectOne('/session/open').flush(sessionItem('s9'), { status: 200, statusText: 'OK' });
      await answerSessions([sessionItem('s9')]);
      expect(dialogs.previewing()).toBeNull();
      await type('url', 'rtsp://gate.local/other');
      http.expectNone('/session/close');
      expect(host.querySelector('cr-live-stream')).toBeNull();

      await press('Preview');
      http
        .expectOne('/session/open')
        .flush(sessionItem('p2'), { status: 201, statusText: 'Created' });
      await answerSessions([sessionItem('s9'), sessionItem('p2')]);
      await type('url', 'rtsp://gate.local/third');
      http.expectOne('/session/close').flush({ session_id: 'p2', closed: true });
      await settle();
      http.match('/videos').forEach((r) => r.flush({ videos: [] }));
      await answerSessions([sessionItem('s9')]);
    });

    it('shows the camera’s reason next to the URL and a taken name next to the name', async () => {
      await type('name', 'Gate');
      await type('url', 'rtsp://admin:wrong@gate.local/main');
      button('Save')?.click();
      http
        .expectOne('/cameras')
        .flush(
          { statusCode: 502, error: 'Bad Gateway', message: 'camera answered 401 Unauthorized' },
          { status: 502, statusText: 'Bad Gateway' },
        );
      await settle();
      await fixture.whenStable();
      expect(host.querySelector('#camera-form-url-error')?.textContent).toContain(
        'Wrong user name or password. Camera answered 401 Unauthorized.',
      );
      expect(field('url').getAttribute('aria-invalid')).toBe('true');
      expect(document.activeElement).toBe(field('url'));

      await type('url', 'rtsp://admin:right@gate.local/main');
      expect(host.querySelector('#camera-form-url-error')).toBeNull();
      button('Save')?.click();
      http
        .expectOne('/cameras')
        .flush(
          { statusCode: 409, error: 'Conflict', message: 'a camera named "Gate" already exists' },
          { status: 409, statusText: 'Conflict' },
        );
      await settle();
      await fixture.whenStable();
      expect(host.querySelector('#camera-form-name-error')?.textContent).toContain(
        'A camera named "Gate" already exists.',
      );
      expect(dialogs.form()).not.toBeNull();
    });

    it('says a limit at the form, not at a field', async () => {
      await type('name', 'Gate');
      await type('url', 'rtsp://gate.local/main');
      button('Save')?.click();
      http
        .expectOne('/cameras')
        .flush(
          { statusCode: 409, error: 'Conflict', message: 'camera limit reached (16 of 16)' },
          { status: 409, statusText: 'Conflict' },
        );
      await settle();
      await fixture.whenStable();
      expect(host.querySelector('.form-error')?.textContent).toContain(
        'Camera limit reached (16 of 16).',
      );
    });
  });

  describe('editing', () => {
    const saved = cameraInfo('c1', {
      name: 'Porch',
      url: 'rtsp://admin:***@porch.local/main',
      status: { session_id: 'm1' },
    });

    beforeEach(async () => {
      await render({ kind: 'edit', camera: saved });
      await answerSessions([sessionItem('m1', { camera_id: 'c1', stream: 'main' })]);
    });

    it('shows the URL masked and the camera live, and sends only what changed', async () => {
      expect(host.querySelector('h2')?.textContent).toBe('Edit “Porch”');
      expect(field('url').value).toBe('rtsp://admin:***@porch.local/main');
      expect(host.querySelector('#camera-form-url-help')?.textContent).toContain(
        'The password is not shown',
      );
      expect(host.querySelector('cr-live-stream')?.getAttribute('data-session-id')).toBe('m1');
      expect(button('Preview')?.disabled).toBe(true);
      expect(button('Find cameras on the network (ONVIF)')).toBeUndefined();

      await type('name', 'Front porch');
      button('Save')?.click();
      const patch = http.expectOne('/cameras/c1');
      expect(patch.request.method).toBe('PATCH');
      expect(patch.request.body).toEqual({ name: 'Front porch' });
      patch.flush(cameraInfo('c1', { name: 'Front porch', status: { session_id: 'm1' } }));
      await answerSessions([sessionItem('m1', { camera_id: 'c1', stream: 'main' })]);
      // The camera's own session is not the form's to close.
      http.expectNone('/session/close');
      expect(dialogs.form()).toBeNull();
    });

    it('refuses a URL edited around its mask', async () => {
      await type('url', 'rtsp://admin:***@porch.local:8554/main');
      button('Save')?.click();
      await fixture.whenStable();
      http.expectNone('/cameras/c1');
      expect(host.querySelector('#camera-form-url-error')?.textContent).toContain(
        'Type the whole URL with its password',
      );
    });
  });

  it('"Save as camera" asks for a masked URL again and shows the session it came from', async () => {
    const session = sessionItem('s1', { name: 'Porch', source_url: 'rtsp://u:***@porch/1' });
    TestBed.resetTestingModule();
    const dialogsForSession = new CameraDialogs();
    dialogsForSession.addFromSession(session);
    const request = dialogsForSession.form();
    if (!request) throw new Error('no request');
    await render(request);
    await answerSessions([session]);
    expect(field('name').value).toBe('Porch');
    expect(field('url').value).toBe('');
    expect(host.querySelector('#camera-form-url-help')?.textContent).toContain(
      'Type the URL again',
    );
    expect(host.querySelector('cr-live-stream')?.getAttribute('data-session-id')).toBe('s1');
    button('Cancel')?.click();
    await settle();
    // The person's own session stays open.
    http.expectNone('/session/close');
    expect(dialogs.form()).toBeNull();
  });
});
