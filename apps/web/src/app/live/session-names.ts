import { Injectable, signal } from '@angular/core';

const STORAGE_KEY = 'camrec.session-names';
const MAX_NAMES = 200;

/**
 * Session names seen in this browser, so a recording keeps its camera's name in the library
 * after the session is closed (video items carry only the session id).
 */
@Injectable({ providedIn: 'root' })
export class SessionNames {
  private readonly names = signal<ReadonlyMap<string, string>>(new Map(this.load()));

  remember(sessionId: string, name: string): void {
    if (this.names().get(sessionId) === name) return;
    const names = new Map(this.names());
    names.delete(sessionId);
    names.set(sessionId, name);
    while (names.size > MAX_NAMES) names.delete(names.keys().next().value as string);
    this.names.set(names);
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify([...names]));
    } catch {
      // Not remembered: the library falls back to the session id.
    }
  }

  /** Reads a signal: templates calling it update when a name is learnt. */
  nameOf(sessionId: string): string | null {
    return this.names().get(sessionId) ?? null;
  }

  private load(): [string, string][] {
    try {
      const stored: unknown = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '[]');
      return Array.isArray(stored)
        ? stored.filter(
            (entry): entry is [string, string] =>
              Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string',
          )
        : [];
    } catch {
      return [];
    }
  }
}
