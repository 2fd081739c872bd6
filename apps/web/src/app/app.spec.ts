import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { health, settle } from '../test-support/api-fixtures';
import { App } from './app';

const SIGNED_IN = { token_required: false, signed_in: true, tls: false, warning: null };
const WARNING = 'the access token and the video travel in clear text';

describe('App', () => {
  it('loads health, cameras, sessions and videos, and lays out the page', async () => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(App);
    http.expectOne('/auth/status').flush(SIGNED_IN);
    await settle();
    await fixture.whenStable();
    http.expectOne('/health').flush(health());
    http.expectOne('/cameras').flush({ cameras: [], max_cameras: 16 });
    http.expectOne('/session/list').flush({ sessions: [], max_sessions: 3 });
    http.expectOne('/videos').flush({ videos: [] });
    await settle();
    await fixture.whenStable();
    const host = fixture.nativeElement as HTMLElement;
    expect(host.querySelector('h1')?.textContent).toBe('Camera Recorder');
    expect(host.querySelector('.server')?.textContent).toContain('Connected · v0.1.0');
    expect([...host.querySelectorAll('h2')].map((h) => h.textContent?.trim())).toEqual([
      'Cameras',
      'Open a URL once, without saving',
      'Recordings',
    ]);
    // The saved cameras come first; a pasted URL is the secondary way in.
    expect(host.textContent).toContain('No camera saved yet');
    expect(host.textContent).toContain('No camera open from a URL');
    fixture.destroy();
    http.verify();
  });

  it('asks for the access token first when the server needs it, then loads the page', async () => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(App);
    http
      .expectOne('/auth/status')
      .flush({ token_required: true, signed_in: false, tls: false, warning: WARNING });
    await settle();
    await fixture.whenStable();
    const host = fixture.nativeElement as HTMLElement;
    expect(host.querySelector('h2')?.textContent).toBe('Sign in');
    expect(host.textContent).toContain(`Not encrypted: ${WARNING}.`);
    // Nothing else is asked before sign-in.
    http.expectNone('/session/list');
    http.expectNone('/cameras');
    http.expectNone('/health');

    const input = host.querySelector<HTMLInputElement>('#access-token');
    if (!input) throw new Error('no token field');
    expect(input.type).toBe('password');
    input.value = 'wrong-token-1234567';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    host.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    const wrong = http.expectOne('/auth/sign-in');
    expect(wrong.request.body).toEqual({ token: 'wrong-token-1234567' });
    wrong.flush(
      {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'that is not the access token of this server',
      },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settle();
    await fixture.whenStable();
    expect(host.querySelector('[role="alert"].error')?.textContent).toContain(
      'that is not the access token of this server',
    );

    input.value = 'the-right-token-123';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    host.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    http
      .expectOne('/auth/sign-in')
      .flush({ token_required: true, signed_in: true, tls: false, warning: WARNING });
    await settle();
    await fixture.whenStable();
    http.expectOne('/health').flush(
      health({
        security: { token_required: true, signed_in: true, tls: false, warning: WARNING },
      }),
    );
    http.expectOne('/cameras').flush({ cameras: [], max_cameras: 16 });
    http.expectOne('/session/list').flush({ sessions: [], max_sessions: 3 });
    http.expectOne('/videos').flush({ videos: [] });
    await settle();
    await fixture.whenStable();
    expect(host.querySelector('#access-token')).toBeNull();
    expect(host.textContent).toContain('Not encrypted.');
    expect(host.textContent).toContain('Configure tls_cert and tls_key');
    fixture.destroy();
    http.verify();
  });
});
