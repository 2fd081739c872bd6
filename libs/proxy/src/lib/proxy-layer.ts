import type { ProxyEngineName, ProxyHealth, ProxyMode, SourceType } from '@camrec/shared-types';
import type { ChildProcessRegistry } from '@camrec/process';
import type { BinaryLookup } from './binary-resolver';
import type { EngineLogger } from './engine-supervisor';
import { EngineSlot, EngineUnavailableError } from './engine-slot';
import { DirectEngine, EngineRoute, EngineSourceError, StreamEngine } from './stream-engine';

export interface ProxyEngineSettings extends Omit<BinaryLookup, 'name'> {
  rtspPort: number;
  /** Release folder to download from instead of the pinned one (tests). */
  releaseUrl?: string;
}

export interface ProxyLayerOptions {
  mode: ProxyMode;
  engines: Record<ProxyEngineName, ProxyEngineSettings>;
  autoDownload: boolean;
  registry?: ChildProcessRegistry;
  log?: EngineLogger;
  /** How long MediaMTX may take to get a new camera ready (default 10000). */
  sourceReadyTimeoutMs?: number;
  engineReadyTimeoutMs?: number;
  restartInitialDelayMs?: number;
  arch?: string;
}

/** `proxy_mode: proxy` and an engine cannot be had: the open fails with 503. */
export class ProxyUnavailableError extends Error {}

/** Told when a session's engine failed for good and the session must read its camera directly. */
export type FallbackListener = (sessionId: string, route: EngineRoute) => void;

/** Which engine serves which kind of camera. */
const ENGINE_FOR: Record<SourceType, ProxyEngineName> = { rtsp: 'mediamtx', mjpeg: 'go2rtc' };

/**
 * Decides how sessions reach cameras: MediaMTX re-publishes RTSP cameras, go2rtc MJPEG ones,
 * or the ingest reads the camera itself (direct). `auto` uses an engine when it can be had
 * and falls back to direct otherwise, saying why; `proxy` fails instead; `direct` never
 * touches the engines. Engines start with the first session that needs them.
 */
export class ProxyLayer {
  private readonly slots: Record<ProxyEngineName, EngineSlot>;
  private readonly shutdown = new AbortController();
  /** The engine each open session went through, and its camera. */
  private readonly routes = new Map<string, { engine: StreamEngine; sourceUrl: string }>();
  private readonly fallbackListeners: FallbackListener[] = [];

  constructor(private readonly options: ProxyLayerOptions) {
    const log = options.log ?? (() => undefined);
    const slot = (name: ProxyEngineName) => {
      const { rtspPort, releaseUrl, ...lookup } = options.engines[name];
      return new EngineSlot({
        name,
        mode: options.mode,
        lookup,
        rtspPort,
        releaseUrl,
        autoDownload: options.autoDownload,
        arch: options.arch,
        registry: options.registry,
        log,
        sourceReadyTimeoutMs: options.sourceReadyTimeoutMs ?? 10_000,
        engineReadyTimeoutMs: options.engineReadyTimeoutMs,
        restartInitialDelayMs: options.restartInitialDelayMs,
        shutdown: this.shutdown.signal,
        onEngineLost: (reason) => void this.fallBack(name, reason),
      });
    };
    this.slots = { mediamtx: slot('mediamtx'), go2rtc: slot('go2rtc') };
  }

  /**
   * Routes a new session through its engine. Throws ProxyUnavailableError (mode proxy, engine
   * missing) or EngineSourceError (mode proxy, the engine cannot read the camera).
   */
  async route(sessionId: string, sourceUrl: string, sourceType: SourceType): Promise<EngineRoute> {
    const engine = await this.engineFor(sourceType);
    try {
      const route = await engine.publish(sessionId, sourceUrl);
      this.routes.set(sessionId, { engine, sourceUrl });
      return route;
    } catch (error) {
      if (this.options.mode === 'proxy') {
        if (error instanceof EngineSourceError) throw error;
        throw new ProxyUnavailableError(`proxy_mode is "proxy" but ${(error as Error).message}`);
      }
      // auto: the ingest reading the camera itself reports the camera's own reason.
      return new DirectEngine(`${engine.name}: ${(error as Error).message}`).publish(
        sessionId,
        sourceUrl,
      );
    }
  }

  /** The session has closed: its path/stream goes away. */
  async release(sessionId: string): Promise<void> {
    const route = this.routes.get(sessionId);
    this.routes.delete(sessionId);
    await route?.engine.unpublish(sessionId);
  }

  onFallback(listener: FallbackListener): void {
    this.fallbackListeners.push(listener);
  }

  health(): ProxyHealth {
    const engines = [this.slots.mediamtx.health(), this.slots.go2rtc.health()];
    const proxied = engines.filter((engine) => engine.effective_mode === 'proxy').length;
    const effective_mode =
      proxied === engines.length ? 'proxy' : proxied === 0 ? 'direct' : 'mixed';
    return { mode: this.options.mode, effective_mode, engines };
  }

  /** Stops both engines and any download; nothing is left running. */
  async stop(): Promise<void> {
    this.shutdown.abort();
    await Promise.all([this.slots.mediamtx.stop(), this.slots.go2rtc.stop()]);
  }

  /**
   * An engine died and did not restart: its sessions read their cameras directly from their
   * next reconnect on, and the engine forgets them, so that a later restart does not open a
   * second connection to a camera that may allow only one.
   */
  private async fallBack(engineName: ProxyEngineName, reason: string): Promise<void> {
    for (const [sessionId, { engine, sourceUrl }] of this.routes) {
      if (engine.name !== engineName) continue;
      await engine.unpublish(sessionId).catch(() => undefined);
      const direct = new DirectEngine(`${reason}; reading the camera directly`);
      this.routes.set(sessionId, { engine: direct, sourceUrl });
      const route = await direct.publish(sessionId, sourceUrl);
      for (const listener of this.fallbackListeners) listener(sessionId, route);
    }
  }

  /** The provider factory: the engine that serves this kind of camera in this mode. */
  private async engineFor(sourceType: SourceType): Promise<StreamEngine> {
    if (this.options.mode === 'direct') return new DirectEngine();
    const slot = this.slots[ENGINE_FOR[sourceType]];
    try {
      return await slot.acquire();
    } catch (error) {
      if (!(error instanceof EngineUnavailableError)) throw error;
      if (this.options.mode === 'proxy') {
        throw new ProxyUnavailableError(`proxy_mode is "proxy" but ${error.message}`);
      }
      return new DirectEngine(error.message);
    }
  }
}
