import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AuthStore } from './auth-store';

/**
 * Shown once when the server listens beyond loopback: the access token (printed by the server
 * at its first start) is exchanged for an HttpOnly cookie, so it never stays in the page.
 */
@Component({
  selector: 'cr-sign-in-form',
  template: `
    <form class="card" (submit)="submit($event)">
      <h2>Sign in</h2>
      <p>
        This Camera Recorder is reachable from the network, so it asks for its access token: the
        <code>auth_token</code> of its configuration, or the one it printed and stored at its first
        start.
      </p>
      @if (store.status()?.warning; as warning) {
        <p class="warning" role="alert">Not encrypted: {{ warning }}.</p>
      }
      <label for="access-token">Access token</label>
      <input
        id="access-token"
        name="token"
        type="password"
        autocomplete="current-password"
        required
        [value]="token()"
        (input)="token.set($any($event.target).value)"
      />
      @if (store.error(); as error) {
        <p class="error" role="alert">{{ error }}</p>
      }
      <button type="submit" class="btn btn-primary" [disabled]="busy() || !token().trim()">
        Sign in
      </button>
    </form>
  `,
  styles: `
    .card {
      display: flex;
      flex-direction: column;
      gap: 10px;
      max-width: 460px;
      margin: 48px auto;
      padding: 24px;
      border: 1px solid var(--border);
      border-radius: var(--radius);
      background: var(--surface);
    }
    h2 {
      margin: 0;
    }
    p {
      margin: 0;
      color: var(--text-2);
      font-size: 14px;
    }
    .warning {
      color: var(--warning);
    }
    .error {
      color: var(--danger);
    }
    input {
      padding: 8px 10px;
      font: inherit;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInForm {
  protected readonly store = inject(AuthStore);
  protected readonly token = signal('');
  protected readonly busy = signal(false);

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    this.busy.set(true);
    const ok = await this.store.signIn(this.token().trim());
    this.busy.set(false);
    if (ok) this.token.set('');
  }
}
