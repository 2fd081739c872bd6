import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { health } from '../../test-support/api-fixtures';
import { HealthBanner } from './health-banner';
import { HealthStore } from './health-store';

describe('HealthBanner', () => {
  let fixture: ComponentFixture<HealthBanner>;
  let store: HealthStore;

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [HealthBanner], providers: [provideHttpClient()] });
    store = TestBed.inject(HealthStore);
    fixture = TestBed.createComponent(HealthBanner);
    await fixture.whenStable();
  });

  const text = () => (fixture.nativeElement as HTMLElement).textContent?.replace(/\s+/g, ' ') ?? '';

  it('shows nothing when all is well', async () => {
    store.health.set(health());
    await fixture.whenStable();
    expect(text().trim()).toBe('');
  });

  it('warns when the server is degraded, naming what is broken', async () => {
    store.health.set(
      health({ status: 'degraded', ffmpeg: { path: 'ffmpeg', version: null, error: 'not found' } }),
    );
    await fixture.whenStable();
    expect(text()).toContain('The server is degraded.');
    expect(text()).toContain('ffmpeg: not found');
  });

  it('says when it runs without proxies, with each engine’s reason, until dismissed', async () => {
    store.health.set(
      health({
        proxy: {
          mode: 'auto',
          effective_mode: 'direct',
          engines: [
            {
              name: 'mediamtx',
              state: 'unavailable',
              effective_mode: 'direct',
              binary: null,
              reason: 'offline',
            },
          ],
        },
      }),
    );
    await fixture.whenStable();
    expect(text()).toContain('Running without proxies.');
    expect(text()).toContain('mediamtx (RTSP cameras): offline');
    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[aria-label="Dismiss this notice"]')
      ?.click();
    await fixture.whenStable();
    expect(text()).not.toContain('Running without proxies.');
  });

  it('names the engine that is not used when the other one is', async () => {
    store.health.set(
      health({
        proxy: {
          mode: 'auto',
          effective_mode: 'mixed',
          engines: [
            {
              name: 'mediamtx',
              state: 'running',
              effective_mode: 'proxy',
              binary: '/bin/mediamtx',
            },
            {
              name: 'go2rtc',
              state: 'failed',
              effective_mode: 'direct',
              binary: '/bin/go2rtc',
              reason: 'go2rtc exited with code 1',
            },
          ],
        },
      }),
    );
    await fixture.whenStable();
    expect(text()).toContain('Running partly without proxies.');
    expect(text()).toContain('go2rtc (MJPEG cameras): go2rtc exited with code 1');
    expect(text()).not.toContain('mediamtx');
  });

  it('shows download progress of the engines', async () => {
    store.health.set(
      health({
        proxy: {
          mode: 'auto',
          effective_mode: 'proxy',
          engines: [
            {
              name: 'mediamtx',
              state: 'downloading',
              effective_mode: 'proxy',
              binary: null,
              percent: 42,
            },
          ],
        },
      }),
    );
    await fixture.whenStable();
    expect(text()).toContain('Downloading proxy engines.');
    expect(text()).toContain('mediamtx: 42%');
  });

  it('warns, without a way to dismiss it, when the token and video travel in clear text', async () => {
    store.health.set(
      health({
        security: { token_required: true, signed_in: true, tls: false, warning: 'in clear text' },
      }),
    );
    await fixture.whenStable();
    expect(text()).toContain('Not encrypted. in clear text. Configure tls_cert and tls_key');
  });

  it('says when the server cannot be reached', async () => {
    store.error.set('Cannot reach the Camera Recorder server.');
    await fixture.whenStable();
    expect(text()).toContain('Server unreachable.');
  });
});
