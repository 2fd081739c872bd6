import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { health, sessionItem, settle } from '../../test-support/api-fixtures';
import { everythingStored } from '../../test-support/browser-storage';
import { HealthStore } from '../shell/health-store';
import { OpenSessionForm } from './open-session-form';
import { SessionsStore } from './sessions-store';

describe('OpenSessionForm', () => {
  let fixture: ComponentFixture<OpenSessionForm>;
  let http: HttpTestingController;
  let host: HTMLElement;

  const input = (id: string) => host.querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;
  function type(id: string, value: string) {
    input(id).value = value;
    input(id).dispatchEvent(new Event('input'));
  }
  const submit = () => host.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [OpenSessionForm],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(OpenSessionForm);
    host = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('has labelled fields', () => {
    expect(host.querySelector('label[for="camera-url"]')?.textContent).toContain('Camera URL');
    expect(host.querySelector('label[for="camera-name"]')?.textContent).toContain('Name');
  });

  it('asks for a URL before calling the server', async () => {
    submit();
    await fixture.whenStable();
    expect(host.querySelector('[role="alert"]')?.textContent).toContain('Paste a camera URL first');
    expect(input('camera-url').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the server error in words next to the field', async () => {
    type('camera-url', 'ftp://cam/x');
    submit();
    http.expectOne('/session/open').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'url must use rtsp, rtsps, http or https',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await fixture.whenStable();
    const alert = host.querySelector('#camera-url-error');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent).toContain('URL must use rtsp, rtsps, http or https.');
    expect(input('camera-url').getAttribute('aria-describedby')).toBe('camera-url-error');
  });

  it('opens a camera, clears the fields and keeps the URL nowhere', async () => {
    type('camera-url', 'rtsp://user:pw@cam.local/live');
    type('camera-name', 'Porch');
    submit();
    await fixture.whenStable();
    expect(host.querySelector('button[type="submit"]')?.textContent).toContain('Opening');
    const request = http.expectOne('/session/open');
    expect(request.request.body).toEqual({ url: 'rtsp://user:pw@cam.local/live', name: 'Porch' });
    request.flush(sessionItem('s1', { name: 'Porch' }), { status: 201, statusText: 'Created' });
    await settle();
    http.expectOne('/session/list').flush({ sessions: [sessionItem('s1')], max_sessions: 3 });
    await settle();
    await fixture.whenStable();
    expect(input('camera-url').value).toBe('');
    expect(host.textContent).toContain('“Porch” is open.');
    // It holds a password: not offered again, not stored in the browser.
    expect(host.textContent).not.toContain('cam.local');
    expect(everythingStored()).not.toContain('cam.local');
  });

  it('counts only sessions of pasted URLs against the session limit', async () => {
    const store = TestBed.inject(SessionsStore);
    const refreshing = store.refresh();
    http.expectOne('/session/list').flush({
      sessions: [
        sessionItem('m', { camera_id: 'c1', stream: 'main' }),
        sessionItem('s', { camera_id: 'c1', stream: 'sub' }),
        sessionItem('u'),
      ],
      max_sessions: 2,
    });
    await refreshing;
    await fixture.whenStable();
    expect(host.querySelector('.capacity')?.textContent).toBe('1 of 2 cameras open');
  });

  it('offers the demo camera in one click', async () => {
    TestBed.inject(HealthStore).health.set(
      health({ demo_camera_url: 'rtsp://127.0.0.1:8554/demo' }),
    );
    await fixture.whenStable();
    const demo = host.querySelector<HTMLButtonElement>('.chip-demo');
    expect(demo?.textContent).toContain('Open the demo camera');
    demo?.click();
    const request = http.expectOne('/session/open');
    expect(request.request.body).toEqual({
      url: 'rtsp://127.0.0.1:8554/demo',
      name: 'Demo camera',
    });
    request.flush(sessionItem('d', { name: 'Demo camera' }), { status: 200, statusText: 'OK' });
    await settle();
    http.expectOne('/session/list').flush({ sessions: [sessionItem('d')], max_sessions: 3 });
    await settle();
    await fixture.whenStable();
    expect(host.textContent).toContain('already open as “Demo camera”');
  });
});
