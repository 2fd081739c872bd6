import type {
  ProxyEngineHealth,
  ProxyEngineName,
  ProxyHealth,
  ProxyMode,
} from '@camrec/shared-types';
import { BinaryLookup, resolveBinary } from './binary-resolver';

export interface ProxyLayerOptions {
  mode: ProxyMode;
  engines: Record<ProxyEngineName, Omit<BinaryLookup, 'name'>>;
}

/** Thrown when `proxy_mode: proxy` is configured but an engine cannot be had. */
export class ProxyUnavailableError extends Error {}

/**
 * Decides how sessions reach cameras. MediaMTX (RTSP) and go2rtc (MJPEG→RTSP) re-publish
 * sources locally when their binaries are available; otherwise `auto` falls back to `direct`
 * (the ingest reads the camera itself) and says why in /health.
 *
 * This version resolves the binaries but does not run the engines yet, so every session is
 * direct; each engine's health says so in words.
 */
export class ProxyLayer {
  private readonly engines: ProxyEngineHealth[];

  constructor(private readonly options: ProxyLayerOptions) {
    this.engines = (Object.keys(options.engines) as ProxyEngineName[]).map((name) =>
      this.describeEngine(name),
    );
    if (options.mode === 'proxy') {
      const missing = this.engines.filter((engine) => engine.state !== 'running');
      if (missing.length > 0) {
        throw new ProxyUnavailableError(
          `proxy_mode is "proxy" but ${missing.map((e) => `${e.name}: ${e.reason}`).join('; ')}; use "auto" or "direct"`,
        );
      }
    }
  }

  /** What sessions use. */
  get effectiveMode(): 'proxy' | 'direct' {
    return this.engines.every((engine) => engine.state === 'running') &&
      this.options.mode !== 'direct'
      ? 'proxy'
      : 'direct';
  }

  health(): ProxyHealth {
    return { mode: this.options.mode, effective_mode: this.effectiveMode, engines: this.engines };
  }

  private describeEngine(name: ProxyEngineName): ProxyEngineHealth {
    if (this.options.mode === 'direct') {
      return { name, state: 'stopped', binary: null, reason: 'proxy_mode is "direct"' };
    }
    const resolution = resolveBinary({ name, ...this.options.engines[name] });
    if (!resolution.found) {
      return {
        name,
        state: 'unavailable',
        binary: null,
        reason: `${resolution.reason}; sessions read cameras directly`,
      };
    }
    return {
      name,
      state: 'stopped',
      binary: resolution.path,
      reason:
        'found, but this version does not run proxy engines yet; sessions read cameras directly',
    };
  }
}
