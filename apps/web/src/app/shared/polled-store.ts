import { DestroyRef, inject, signal } from '@angular/core';
import { errorMessage } from '../api/api-error';
import { startPolling } from './polling';

/**
 * What the stores of the server's state share: `refresh()` reads it again (`load`), `error`
 * says in words why the last read failed (null once one succeeds), `loaded` that one has
 * answered, and `startPolling()` refreshes it every `pollMs` for the app's life (once, however
 * often it is called). Items being removed on the server are hidden at once (`removing`).
 */
export abstract class PolledStore {
  private readonly destroyRef = inject(DestroyRef);
  private stopPolling: (() => void) | null = null;
  /** Ids being removed: hidden at once, whatever a late list says. */
  private readonly removingIds = signal<ReadonlySet<string>>(new Set());

  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);

  /** How often `startPolling()` refreshes when not told. */
  protected abstract readonly pollMs: number;

  /** Reads the state and keeps it; a failure is thrown (the API client's error). */
  protected abstract load(): Promise<void>;

  startPolling(intervalMs = this.pollMs): void {
    this.stopPolling ??= startPolling(() => this.refresh(), intervalMs, this.destroyRef);
  }

  async refresh(): Promise<void> {
    try {
      await this.load();
      this.error.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loaded.set(true);
    }
  }

  /** Reads a signal: whether `id` is being removed (`removing`). */
  protected isRemoving(id: string): boolean {
    return this.removingIds().has(id);
  }

  /** Hides `id` while `work` removes it on the server, then lists again, whatever happened. */
  protected async removing<T>(id: string, work: () => Promise<T>): Promise<T> {
    this.removingIds.update((ids) => new Set(ids).add(id));
    try {
      return await work();
    } finally {
      this.removingIds.update((ids) => {
        const next = new Set(ids);
        next.delete(id);
        return next;
      });
      await this.refresh();
    }
  }
}
