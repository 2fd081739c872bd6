import { Cam } from 'onvif';
import { boundedAgent, type BoundedAgent } from './bounded-agent';
import type { DeviceAddress } from './device-address';
import type { CallFailure } from './device-failure';

export interface DeviceLimits {
  /** Each request: the onvif client's idle timeout. */
  requestTimeoutMs: number;
  /** Bytes one answer may have. */
  maxResponseBytes: number;
}

/** A call to the device failed; what was seen of its answer comes along. */
export class DeviceCallError extends Error {
  constructor(readonly failure: CallFailure) {
    super(`${failure.operation} failed`);
  }
}

/**
 * The onvif client's `Cam`, one call at a time, as promises. The client calls back in ways a
 * promise must survive: twice when its own handler throws on an unexpected answer (the second
 * time with the error), or synchronously throwing from the call. Every connection goes through
 * a bounded agent to the one address given; `close` cuts whatever is still open.
 */
export class DeviceConnection {
  readonly cam: Cam;
  private readonly bounded: BoundedAgent;
  private lastAnswer: { status: number; body: string } | null = null;

  constructor(
    address: DeviceAddress,
    ip: string,
    username: string,
    password: string,
    limits: DeviceLimits,
    insecureTls: boolean,
  ) {
    this.bounded = boundedAgent(address.secure, limits.maxResponseBytes);
    this.cam = new Cam({
      hostname: ip,
      port: address.port,
      path: address.path,
      username,
      password,
      timeout: limits.requestTimeoutMs,
      autoconnect: false,
      agent: this.bounded.agent,
      useSecure: address.secure,
      secureOpts: {
        rejectUnauthorized: !insecureTls,
        // The certificate names the host that was typed, not the address it resolved to.
        ...(address.host !== ip ? { servername: address.host } : {}),
      },
    } as ConstructorParameters<typeof Cam>[0]);
    this.cam.on('rawResponse', (body: string, status: number) => {
      this.lastAnswer = { status, body };
    });
    this.cam.on('warning', () => undefined);
  }

  call<T>(
    operation: string,
    invoke: (callback: (error: unknown, data?: T) => void) => void,
  ): Promise<T> {
    this.lastAnswer = null;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const callback = (error: unknown, data?: T) => {
        if (settled) return;
        settled = true;
        if (error) {
          reject(
            new DeviceCallError({
              operation,
              error,
              httpStatus: this.lastAnswer?.status ?? null,
              body: this.lastAnswer?.body ?? null,
            }),
          );
        } else {
          resolve(data as T);
        }
      };
      try {
        invoke(callback);
      } catch (error) {
        callback(error ?? new Error('the onvif client failed'));
      }
    });
  }

  /**
   * The device's clock, then its services (`cam.uri`): the clock first, because WS-Security
   * digests carry a creation time in the device's time.
   */
  async greet(): Promise<void> {
    await this.call('GetSystemDateAndTime', (done) => this.cam.getSystemDateAndTime(done));
    await this.call('GetCapabilities', (done) => this.cam.getCapabilities(done));
  }

  close(): void {
    this.bounded.destroyAll();
  }
}
