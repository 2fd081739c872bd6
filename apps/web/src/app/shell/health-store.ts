import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { HealthResponse } from '@camrec/shared-types';
import { ApiClient } from '../api/api-client';
import { errorMessage } from '../api/api-error';
import { startPolling } from '../shared/polling';

/** The server's `/health`, refreshed in the background. */
@Injectable({ providedIn: 'root' })
export class HealthStore {
  private readonly api = inject(ApiClient);
  private readonly destroyRef = inject(DestroyRef);
  private stopPolling: (() => void) | null = null;

  readonly health = signal<HealthResponse | null>(null);
  /** Set while the server cannot be reached or answers with an error. */
  readonly error = signal<string | null>(null);

  startPolling(intervalMs = 15_000): void {
    this.stopPolling ??= startPolling(() => this.refresh(), intervalMs, this.destroyRef);
  }

  async refresh(): Promise<void> {
    try {
      this.health.set(await this.api.health());
      this.error.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }
}
