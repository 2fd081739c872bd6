import { Injectable, inject, signal } from '@angular/core';
import type { HealthResponse } from '@camrec/shared-types';
import { ApiClient } from '../api/api-client';
import { PolledStore } from '../shared/polled-store';

/**
 * The server's `/health`, refreshed in the background; `error` is set while the server cannot
 * be reached or answers with an error.
 */
@Injectable({ providedIn: 'root' })
export class HealthStore extends PolledStore {
  private readonly api = inject(ApiClient);

  readonly health = signal<HealthResponse | null>(null);

  protected readonly pollMs = 15_000;

  protected async load(): Promise<void> {
    this.health.set(await this.api.health());
  }
}
