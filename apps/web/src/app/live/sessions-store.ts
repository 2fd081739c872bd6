import { Injectable, computed, inject, signal } from '@angular/core';
import type { OpenSessionRequest, SessionListItem } from '@camrec/shared-types';
import { ApiClient, type OpenedSession } from '../api/api-client';
import { VideosStore } from '../recordings/videos-store';
import { PolledStore } from '../shared/polled-store';
import { SessionNames } from './session-names';

/** Open sessions as the server lists them, refreshed every few seconds. */
@Injectable({ providedIn: 'root' })
export class SessionsStore extends PolledStore {
  private readonly api = inject(ApiClient);
  private readonly videos = inject(VideosStore);
  private readonly names = inject(SessionNames);
  private readonly listed = signal<SessionListItem[]>([]);

  /** Sessions being closed are left out at once. */
  readonly sessions = computed(() =>
    this.listed().filter((session) => !this.isRemoving(session.session_id)),
  );
  /** Sessions of pasted URLs; a saved camera's sessions are shown by its tile. */
  readonly unsaved = computed(() =>
    this.sessions().filter((session) => session.camera_id === null),
  );
  readonly maxSessions = signal<number | null>(null);

  protected readonly pollMs = 2000;

  protected async load(): Promise<void> {
    const list = await this.api.listSessions();
    for (const session of list.sessions) this.names.remember(session.session_id, session.name);
    this.listed.set(list.sessions.filter((session) => session.state !== 'closed'));
    this.maxSessions.set(list.max_sessions);
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
  close(sessionId: string): Promise<void> {
    return this.removing(sessionId, async () => {
      await this.api.closeSession(sessionId);
      this.listed.update((sessions) => sessions.filter((s) => s.session_id !== sessionId));
      this.videos.refreshSoon();
    });
  }
}
