import type { SessionStats } from '@camrec/shared-types';
import { Subject } from 'rxjs';
import type { CamerasService } from '../cameras/cameras.service';
import type { LiveService } from '../live/live.service';
import type { SessionEntry, SessionOwner } from '../session/session-entry';
import { SessionEvents } from '../session/session-events';
import { StreamCounterTotals } from './stream-counter-totals';

/** A session whose counts the test sets, and which closes when told. */
function fakeSession(owner: SessionOwner | null) {
  const stats: SessionStats = { frames_in: 0, fps: 0, bitrate_kbps: 0, reconnects: 0, uptime_s: 0 };
  const stateChanges = new Subject<never>();
  const entry = {
    owner,
    camera: { stats: () => ({ ...stats }), stateChanges: stateChanges.asObservable() },
  } as unknown as SessionEntry;
  return { entry, stats, closed: () => stateChanges.complete() };
}

describe('StreamCounterTotals', () => {
  const main: SessionOwner = { cameraId: 'cam1', stream: 'main' };
  let events: SessionEvents;
  let deletions: Subject<string>;
  let skipped: Map<SessionEntry, number>;
  let totals: StreamCounterTotals;

  beforeEach(() => {
    events = new SessionEvents();
    deletions = new Subject();
    skipped = new Map();
    const preview = { framesSkipped: (entry: SessionEntry) => skipped.get(entry) ?? 0 };
    totals = new StreamCounterTotals(
      events,
      { deletions } as unknown as CamerasService,
      preview as unknown as LiveService,
    );
    totals.onModuleInit();
  });
  afterEach(() => totals.onModuleDestroy());

  it('adds up the sessions of a stream, so that a new session does not start the counts again', async () => {
    const first = fakeSession(main);
    first.stats.frames_in = 100;
    first.stats.reconnects = 2;
    skipped.set(first.entry, 7);
    expect(totals.counters('cam1', 'main', first.entry)).toEqual({
      framesReceived: 100,
      reconnects: 2,
      viewerSkippedFrames: 7,
    });

    // It closes (its last frames arrive while it does), the camera reopens with a new one.
    await events.emitClosing(first.entry, 'the camera settings changed');
    first.stats.frames_in = 120;
    expect(totals.counters('cam1', 'main', null).framesReceived).toBe(120);
    first.closed();
    const second = fakeSession(main);
    second.stats.frames_in = 5;
    expect(totals.counters('cam1', 'main', second.entry)).toEqual({
      framesReceived: 125,
      reconnects: 2,
      viewerSkippedFrames: 7,
    });
    // The closed session's counts are final: it is not read again.
    first.stats.frames_in = 999;
    expect(totals.counters('cam1', 'main', second.entry).framesReceived).toBe(125);
    expect(totals.counters('cam1', 'sub', null).framesReceived).toBe(0);
  });

  it('counts a session that opened and closed between two reads', async () => {
    const brief = fakeSession(main);
    brief.stats.frames_in = 40;
    await events.emitClosing(brief.entry, 'the session closed');
    brief.closed();
    expect(totals.counters('cam1', 'main', null).framesReceived).toBe(40);
  });

  it("ignores sessions of pasted URLs and forgets a deleted camera's counts", async () => {
    const pasted = fakeSession(null);
    pasted.stats.frames_in = 10;
    await events.emitClosing(pasted.entry, 'closed by the user');
    pasted.closed();
    const camera = fakeSession(main);
    camera.stats.frames_in = 30;
    await events.emitClosing(camera.entry, 'the camera was deleted');
    camera.closed();
    expect(totals.counters('cam1', 'main', null).framesReceived).toBe(30);
    deletions.next('cam1');
    expect(totals.counters('cam1', 'main', null).framesReceived).toBe(0);
  });
});
