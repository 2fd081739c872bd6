import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { SessionListItem } from '@camrec/shared-types';
import { sessionItem as listItem } from '../../test-support/api-fixtures';
import { SessionNames } from './session-names';
import { SessionsStore } from './sessions-store';

describe('SessionsStore', () => {
  let store: SessionsStore;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(SessionsStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function answerList(sessions: SessionListItem[]) {
    http.expectOne('/session/list').flush({ sessions, max_sessions: 3 });
    await Promise.resolve();
  }

  it('lists open sessions, leaves closed ones out and remembers their names', async () => {
    const refreshing = store.refresh();
    await answerList([listItem('a'), listItem('b', { state: 'closed' })]);
    await refreshing;
    expect(store.sessions().map((s) => s.session_id)).toEqual(['a']);
    expect(store.maxSessions()).toBe(3);
    expect(TestBed.inject(SessionNames).nameOf('a')).toBe('Camera a');
  });

  it('hides a closing session at once and refreshes the library after', async () => {
    const first = store.refresh();
    await answerList([listItem('a'), listItem('b')]);
    await first;

    const closing = store.close('a');
    expect(store.sessions().map((s) => s.session_id)).toEqual(['b']);
    const request = http.expectOne('/session/close');
    expect(request.request.body).toEqual({ session_id: 'a' });
    request.flush({ session_id: 'a', closed: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne('/videos').flush({ videos: [] });
    await answerList([listItem('b')]);
    await closing;
    expect(store.sessions().map((s) => s.session_id)).toEqual(['b']);
  });

  it('keeps the error in words when the list fails', async () => {
    const refreshing = store.refresh();
    http
      .expectOne('/session/list')
      .flush({ statusCode: 500, error: 'E', message: 'boom' }, { status: 500, statusText: 'E' });
    await refreshing;
    expect(store.error()).toBe('The server ran into a problem. Boom.');
    expect(store.loaded()).toBe(true);
  });
});
