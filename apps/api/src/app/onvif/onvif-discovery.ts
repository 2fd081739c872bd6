import { Inject, Injectable, Logger, Optional, ServiceUnavailableException } from '@nestjs/common';
import { networkInterfaces } from 'node:os';
import type { OnvifDiscoveryResponse, OnvifSavedCamera } from '@camrec/shared-types';
import { CamerasService } from '../cameras/cameras.service';
import { AppConfig } from '../config/app-config';
import { deviceOfProbeMatch, type FoundDevice } from './probe-match';
import { onvifProbe, type Prober } from './onvif-probe';

export const DEFAULT_DISCOVERY_TIMEOUT_MS = 3000;
/** Devices listed at most; more answers are dropped (a LAN can hold a hostile device). */
export const MAX_DEVICES = 256;

interface ProbeResult {
  devices: FoundDevice[];
  timeoutMs: number;
  truncated: boolean;
}

/** A token for the prober, so that unit tests can hand in their own. */
export const PROBER = Symbol('PROBER');

/**
 * WS-Discovery of ONVIF devices on the LAN. One probe at a time: callers that arrive while one
 * runs share its answer (the onvif client's discovery is process-wide, and a burst of calls
 * must not become a burst of multicast).
 */
@Injectable()
export class OnvifDiscovery {
  private readonly logger = new Logger('onvif');
  private running: Promise<ProbeResult> | null = null;
  private readonly prober: Prober;

  constructor(
    private readonly config: AppConfig,
    private readonly cameras: CamerasService,
    @Optional() @Inject(PROBER) prober?: Prober,
  ) {
    this.prober = prober ?? onvifProbe;
  }

  async discover(timeoutMs = DEFAULT_DISCOVERY_TIMEOUT_MS): Promise<OnvifDiscoveryResponse> {
    this.running ??= this.probe(timeoutMs).finally(() => {
      this.running = null;
    });
    const result = await this.running;
    const saved = this.savedHosts();
    return {
      devices: result.devices.map((device) => ({
        ...device,
        saved_cameras: saved.get(device.address.toLowerCase()) ?? [],
      })),
      timeout_ms: result.timeoutMs,
      truncated: result.truncated,
    };
  }

  private async probe(timeoutMs: number): Promise<ProbeResult> {
    const device = this.config.onvif_interface ?? undefined;
    if (device !== undefined) checkInterface(device);
    const found = new Map<string, FoundDevice>();
    let dropped = 0;
    let ignored = 0;
    let outcome: { malformed: number };
    try {
      outcome = await this.prober({
        timeoutMs,
        device,
        onMatch: (message, from) => {
          const match = deviceOfProbeMatch(message, from.address);
          if (!match) ignored++;
          else if (found.has(match.endpoint)) return;
          else if (found.size >= MAX_DEVICES) dropped++;
          else found.set(match.endpoint, match);
        },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`discovery: the probe could not be sent: ${reason}`);
      throw new ServiceUnavailableException(
        `ONVIF discovery could not send its probe to 239.255.255.250:3702${device ? ` from ${device}` : ''}: ${reason}`,
      );
    }
    const skipped = ignored + outcome.malformed;
    this.logger.log(
      `discovery: ${found.size} device(s) answered within ${timeoutMs} ms` +
        (skipped ? `; ${skipped} answer(s) were not ONVIF probe matches` : '') +
        (dropped ? `; ${dropped} more beyond the limit of ${MAX_DEVICES}` : ''),
    );
    const devices = [...found.values()].sort((a, b) => compareAddresses(a.address, b.address));
    return { devices, timeoutMs, truncated: dropped > 0 };
  }

  /** Saved cameras by the host of their URLs (lower case). */
  private savedHosts(): Map<string, OnvifSavedCamera[]> {
    const byHost = new Map<string, OnvifSavedCamera[]>();
    for (const camera of this.cameras.list().cameras) {
      const hosts = new Set(
        [camera.url, camera.substream_url].map(hostOf).filter((host) => host !== null),
      );
      for (const host of hosts) {
        byHost.set(host, [...(byHost.get(host) ?? []), { id: camera.id, name: camera.name }]);
      }
    }
    return byHost;
  }
}

function hostOf(url: string | null): string | null {
  if (!url || !URL.canParse(url)) return null;
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase() || null;
}

/**
 * The onvif client quietly probes from the default route's interface when the one it is given
 * does not exist: a misspelt name must fail instead.
 */
function checkInterface(name: string): void {
  const interfaces = networkInterfaces();
  const ipv4 = interfaces[name]?.some((address) => address.family === 'IPv4');
  if (!ipv4) {
    throw new ServiceUnavailableException(
      `onvif_interface "${name}" ${interfaces[name] ? 'has no IPv4 address' : 'does not exist'} on this machine (interfaces: ${Object.keys(interfaces).join(', ')})`,
    );
  }
}

/** Numeric order for IPv4 (192.168.1.9 before 192.168.1.10), text order otherwise. */
function compareAddresses(a: string, b: string): number {
  const key = (ip: string) =>
    /^\d+\.\d+\.\d+\.\d+$/.test(ip)
      ? ip
          .split('.')
          .map((part) => part.padStart(3, '0'))
          .join('.')
      : `~${ip}`;
  return key(a).localeCompare(key(b));
}
