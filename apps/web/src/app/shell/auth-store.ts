import { Injectable, computed, inject, signal } from '@angular/core';
import type { AuthStatus } from '@camrec/shared-types';
import { ApiClient } from '../api/api-client';
import { ApiRequestError, errorMessage } from '../api/api-error';

/** Whether this browser may use the server (sign-in cookie), and the server's TLS warning. */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly api = inject(ApiClient);

  readonly status = signal<AuthStatus | null>(null);
  readonly error = signal<string | null>(null);
  readonly signedIn = computed(() => this.status()?.signed_in === true);
  readonly needsSignIn = computed(() => this.status()?.signed_in === false);

  async refresh(): Promise<void> {
    try {
      this.status.set(await this.api.authStatus());
      this.error.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  /** Resolves true once signed in; otherwise `error` says why. */
  async signIn(token: string): Promise<boolean> {
    try {
      this.status.set(await this.api.signIn(token));
      this.error.set(null);
      return true;
    } catch (error) {
      // The dashboard's usual lead-in for a 401 speaks of camera passwords; this is the token.
      const refused = error instanceof ApiRequestError && error.statusCode === 401;
      this.error.set(refused ? `Sign-in refused: ${error.serverMessage}.` : errorMessage(error));
      return false;
    }
  }
}
