import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { OpenSessionRequest, SessionListItem } from '@camrec/shared-types';
import { ApiClient, type OpenedSession } from '../api/api-client';
import { errorMessage } from '../api/api-error';
import { VideosStore } from '../recordings/videos-store';
import { startPolling } from '../shared/polling';
import { SessionNames } from './session-names';

/** Open sessions as the server lists them, refreshed every few seconds. */
@Injectable({ providedIn: 'root' })
export class SessionsStore {
  private readonly api = inject(ApiClient);
  private readonly videos = inject(VideosStore);
  private readonly names = inject(SessionNames);
  private readonly destroyRef = inject(DestroyRef);
  private stopPolling: (() => void) | null = null;
  /** Sessions being closed: hidden at once, whatever a late list says. */
  private readonly closing = signal<ReadonlySet<string>>(new Set());
  private readonly listed = signal<SessionListItem[]>([]);

  readonly sessions = computed(() =>
    this.listed().filter((session) => !this.closing().has(session.session_id)),
  );
  /** Sessions of pasted URLs; a saved camera's sessions are shown by its tile. */
  readonly unsaved = computed(() =>
    this.sessions().filter((session) => session.camera_id === null),
  );
  readonly maxSessions = signal<number | null>(null);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);

  startPolling(intervalMs = 2000): void {
    this.stopPolling ??= startPolling(() => this.refresh(), intervalMs, this.destroyRef);
  }

  async refresh(): Promise<void> {
    try {
      const list = await this.api.listSessions();
      for (const session of list.sessions) this.names.remember(session.session_id, session.name);
      this.listed.set(list.sessions.filter((session) => session.state !== 'closed'));
      this.maxSessions.set(list.max_sessions);
      this.error.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loaded.set(true);
    }
  }

  /** Reads a signal: callers in templates and computeds follow the session. */
  byId(sessionId: string | null): SessionListItem | null {
    if (!sessionId) return null;
    return this.sessions().find((session) => session.session_id === sessionId) ?? null;
  }

  async open(
    url: string,
    name?: string,
    options: Pick<OpenSessionRequest, 'insecure_tls'> = {},
  ): Promise<OpenedSession> {
    const opened = await this.api.openSession(url, name, options);
    await this.refresh();
    return opened;
  }

  /** Closes a session; a recording in progress is finalised by the server, so the library refreshes. */
  async close(sessionId: string): Promise<void> {
    this.closing.update((ids) => new Set(ids).add(sessionId));
    try {
      await this.api.closeSession(sessionId);
      this.listed.update((sessions) => sessions.filter((s) => s.session_id !== sessionId));
      this.videos.refreshSoon();
    } finally {
      this.closing.update((ids) => {
        const next = new Set(ids);
        next.delete(sessionId);
        return next;
      });
      await this.refresh();
    }
  }
}
