import { Injectable, signal } from '@angular/core';

const STORAGE_KEY = 'camrec.recent-urls';
const MAX_RECENT = 6;

/**
 * Camera URLs opened before, newest first, kept in this browser's localStorage (as typed,
 * credentials included, like the browser's own form history).
 */
@Injectable({ providedIn: 'root' })
export class RecentUrls {
  readonly urls = signal<string[]>(this.load());

  remember(url: string): void {
    this.save([url, ...this.urls().filter((known) => known !== url)].slice(0, MAX_RECENT));
  }

  forget(url: string): void {
    this.save(this.urls().filter((known) => known !== url));
  }

  private load(): string[] {
    try {
      const stored: unknown = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '[]');
      return Array.isArray(stored) ? stored.filter((u): u is string => typeof u === 'string') : [];
    } catch {
      return [];
    }
  }

  private save(urls: string[]): void {
    this.urls.set(urls);
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(urls));
    } catch {
      // Private mode or a full quota: the list still works for this visit.
    }
  }
}
