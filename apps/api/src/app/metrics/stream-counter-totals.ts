import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { CameraStream } from '@camrec/shared-types';
import type { Subscription } from 'rxjs';
import { CamerasService } from '../cameras/cameras.service';
import { LiveService } from '../live/live.service';
import type { SessionEntry } from '../session/session-entry';
import { SessionEvents } from '../session/session-events';

/** What a stream of a saved camera counted since the server started. */
export interface StreamCounters {
  framesReceived: number;
  reconnects: number;
  /** Frames its live viewers skipped, falling behind. */
  viewerSkippedFrames: number;
}

interface StreamTotals {
  /** What its closed sessions counted, in full. */
  closed: StreamCounters;
  /** Its sessions not closed yet, counted as they go. */
  open: Set<SessionEntry>;
}

const STREAMS: readonly CameraStream[] = ['main', 'sub'];
const zero = (): StreamCounters => ({ framesReceived: 0, reconnects: 0, viewerSkippedFrames: 0 });

/**
 * The counters of a saved camera's streams across the sessions that carry them. A camera gets
 * a new session when its settings change, when it is disabled and enabled again, or when its
 * session ended; each session counts from zero. Every session of a camera is followed until
 * it has closed, then its final counts join the stream's: the totals never go down, and a
 * session that opens and closes between two scrapes counts as well.
 */
@Injectable()
export class StreamCounterTotals implements OnModuleInit, OnModuleDestroy {
  private readonly streams = new Map<string, StreamTotals>();
  private readonly followed = new WeakSet<SessionEntry>();
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly events: SessionEvents,
    private readonly cameras: CamerasService,
    private readonly preview: LiveService,
  ) {}

  onModuleInit(): void {
    this.subscriptions = [
      this.events.closing.subscribe(({ entry }) => this.follow(entry)),
      this.cameras.deletions.subscribe((cameraId) => {
        for (const stream of STREAMS) this.streams.delete(key(cameraId, stream));
      }),
    ];
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  /** The stream's counts since the server started; `current` is its open session, if any. */
  counters(cameraId: string, stream: CameraStream, current: SessionEntry | null): StreamCounters {
    if (current) this.follow(current);
    const totals = this.streams.get(key(cameraId, stream));
    const sum = { ...(totals?.closed ?? zero()) };
    for (const entry of totals?.open ?? []) add(sum, this.read(entry));
    return sum;
  }

  private follow(entry: SessionEntry): void {
    const owner = entry.owner;
    if (!owner || this.followed.has(entry)) return;
    this.followed.add(entry);
    const id = key(owner.cameraId, owner.stream);
    let totals = this.streams.get(id);
    if (!totals) {
      totals = { closed: zero(), open: new Set() };
      this.streams.set(id, totals);
    }
    const { closed, open } = totals;
    open.add(entry);
    // Completes once the session has closed: its counts are final (and still readable).
    entry.camera.stateChanges.subscribe({
      complete: () => {
        add(closed, this.read(entry));
        open.delete(entry);
      },
    });
  }

  private read(entry: SessionEntry): StreamCounters {
    const stats = entry.camera.stats();
    return {
      framesReceived: stats.frames_in,
      reconnects: stats.reconnects,
      viewerSkippedFrames: this.preview.framesSkipped(entry),
    };
  }
}

function key(cameraId: string, stream: CameraStream): string {
  return `${cameraId}/${stream}`;
}

function add(to: StreamCounters, counts: StreamCounters): void {
  to.framesReceived += counts.framesReceived;
  to.reconnects += counts.reconnects;
  to.viewerSkippedFrames += counts.viewerSkippedFrames;
}
