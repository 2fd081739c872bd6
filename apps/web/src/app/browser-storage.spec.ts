import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sessionItem } from '../test-support/api-fixtures';
import { everythingStored } from '../test-support/browser-storage';
import { SessionsStore } from './live/sessions-store';

/**
 * Camera URLs carry passwords: the dashboard keeps none of them in the browser. Any page of
 * the same origin, an extension or the next person at this computer could read Web Storage
 * or IndexedDB; the server is the only place a URL is kept.
 */
describe('what the dashboard keeps in the browser', () => {
  const sources = listSources(__dirname);

  /** Every file that reaches a browser store, and what it may do there. */
  const ALLOWED: Record<string, string> = {
    // Session id → name, so a closed session's clips keep their camera's name.
    'live/session-names.ts': 'writes names',
    // The `camrec.decoder` switch for testing decoders, read only.
    'live/player/decoder-choice.ts': 'reads',
    'live/player/live-player.ts': 'reads',
  };

  it('reaches browser storage only where listed', () => {
    const reaching = sources
      .filter(({ text }) =>
        /\b(localStorage|sessionStorage|indexedDB|openDatabase|caches\.open|document\.cookie)\b/.test(
          text,
        ),
      )
      .map(({ path }) => path)
      .sort();
    expect(reaching).toEqual(Object.keys(ALLOWED).sort());
    const writing = sources
      .filter(({ text }) => /\.setItem\(|cookie\s*=/.test(text))
      .map(({ path }) => path)
      .filter((path) => path in ALLOWED);
    expect(writing).toEqual(['live/session-names.ts']);
  });

  it('has no recent-URL list any more', () => {
    expect(sources.map(({ path }) => path)).not.toContain('live/recent-urls.ts');
    expect(sources.some(({ text }) => text.includes('camrec.recent-urls'))).toBe(false);
  });

  it('remembers session names, never their URLs', async () => {
    localStorage.clear();
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpTestingController);
    const refreshing = TestBed.inject(SessionsStore).refresh();
    http.expectOne('/session/list').flush({
      sessions: [
        sessionItem('s1', {
          name: 'Porch',
          source_url: 'rtsp://admin:***@porch.local/live',
          local_rtsp_url: 'rtsp://127.0.0.1:8554/sess-s1',
        }),
      ],
      max_sessions: 3,
    });
    await refreshing;
    const stored = everythingStored();
    expect(stored).toContain('Porch');
    expect(stored).not.toMatch(/rtsp|https?:\/\/|porch\.local|admin/);
    http.verify();
  });
});

function listSources(root: string): { path: string; text: string }[] {
  const found: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        found.push({ path: relative(root, full), text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(root);
  return found;
}
