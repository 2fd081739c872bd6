import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { SessionEntry } from './session-entry';
import type { OpenSessionDto } from './session.dto';

/** A session that is about to close: its camera still runs until every `waitUntil` settled. */
export interface SessionClosing {
  entry: SessionEntry;
  reason: string;
  /** Holds the close until `work` settles (e.g. a recording drains the stream to its end). */
  waitUntil(work: Promise<unknown>): void;
}

/** An open request answered with a session, new or already open. */
export interface SessionOpenRequested {
  entry: SessionEntry;
  request: OpenSessionDto;
}

/**
 * The life cycle of sessions, for the features that act on them (pre-roll, recording, motion,
 * saved cameras): they subscribe here instead of the session service knowing each of them.
 * Events are delivered synchronously, in the order they happen.
 */
@Injectable()
export class SessionEvents {
  private readonly openedSubject = new Subject<SessionEntry>();
  private readonly openRequestedSubject = new Subject<SessionOpenRequested>();
  private readonly closingSubject = new Subject<SessionClosing>();
  private readonly closedSubject = new Subject<{ sessionId: string; reason: string }>();

  /** A session verified its camera and is listed from now on. */
  readonly opened: Observable<SessionEntry> = this.openedSubject.asObservable();
  /** Every open request answered with a session (its settings apply either way). */
  readonly openRequested: Observable<SessionOpenRequested> =
    this.openRequestedSubject.asObservable();
  readonly closing: Observable<SessionClosing> = this.closingSubject.asObservable();
  /** The session's camera and child processes have ended. */
  readonly closed: Observable<{ sessionId: string; reason: string }> =
    this.closedSubject.asObservable();

  emitOpened(entry: SessionEntry): void {
    this.openedSubject.next(entry);
  }

  emitOpenRequested(entry: SessionEntry, request: OpenSessionDto): void {
    this.openRequestedSubject.next({ entry, request });
  }

  /** Resolves once the work every subscriber handed in has settled (failures are theirs). */
  async emitClosing(entry: SessionEntry, reason: string): Promise<void> {
    const work: Promise<unknown>[] = [];
    this.closingSubject.next({ entry, reason, waitUntil: (w) => work.push(w) });
    await Promise.allSettled(work);
  }

  emitClosed(sessionId: string, reason: string): void {
    this.closedSubject.next({ sessionId, reason });
  }
}
