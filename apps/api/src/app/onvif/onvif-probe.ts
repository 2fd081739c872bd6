import type { RemoteInfo } from 'node:dgram';
import { Discovery } from 'onvif';

/** One WS-Discovery probe: what is sent, and where each answer goes. */
export interface ProbeOptions {
  timeoutMs: number;
  /** The interface to probe from (its IPv4 address is bound); undefined: the default route's. */
  device?: string;
  onMatch(message: unknown, from: RemoteInfo): void;
}

/** Sends a probe and collects answers until the timeout; rejects when it cannot be sent. */
export type Prober = (options: ProbeOptions) => Promise<{ malformed: number }>;

let errorsHeard = false;

/**
 * The onvif client's `Discovery.probe` (SOAP over UDP multicast to 239.255.255.250:3702). The
 * client's Discovery is one process-wide event emitter: it emits `error` for every malformed
 * answer, which would throw without a listener, so one is added once; and it takes one probe at
 * a time (the discovery service shares one probe between callers).
 */
export const onvifProbe: Prober = ({ timeoutMs, device, onMatch }) => {
  if (!errorsHeard) {
    errorsHeard = true;
    // Answers the client cannot parse are counted from the probe's callback instead.
    Discovery.on('error', () => undefined);
  }
  return new Promise((resolve, reject) => {
    const listener = (message: unknown, from: RemoteInfo) => onMatch(message, from);
    Discovery.on('device', listener);
    let settled = false;
    // The client calls back once at the timeout, and also earlier when its socket fails.
    Discovery.probe(
      { timeout: timeoutMs, resolve: false, ...(device ? { device } : {}) },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        Discovery.removeListener('device', listener);
        if (Array.isArray(error)) resolve({ malformed: error.length });
        else if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve({ malformed: 0 });
      },
    );
  });
};
