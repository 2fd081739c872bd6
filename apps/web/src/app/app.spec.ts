import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { health, settle } from '../testing/api-fixtures';
import { App } from './app';

describe('App', () => {
  it('loads health, sessions and videos, and lays out the page', async () => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(App);
    http.expectOne('/health').flush(health());
    http.expectOne('/session/list').flush({ sessions: [], max_sessions: 3 });
    http.expectOne('/videos').flush({ videos: [] });
    await settle();
    await fixture.whenStable();
    const host = fixture.nativeElement as HTMLElement;
    expect(host.querySelector('h1')?.textContent).toBe('Camera Recorder');
    expect(host.querySelector('.server')?.textContent).toContain('Connected · v0.1.0');
    expect([...host.querySelectorAll('h2')].map((h) => h.textContent?.trim())).toEqual([
      'Open a camera',
      'Live',
      'Recordings',
    ]);
    expect(host.textContent).toContain('No camera open');
    fixture.destroy();
    http.verify();
  });
});
