import type { ProxyEngineHealth, ProxyEngineName, ProxyMode } from '@camrec/shared-types';
import { type ChildProcessRegistry, freePort } from '@camrec/process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadEngineBinary } from './binary-download';
import { BinaryLookup, resolveBinary } from './binary-resolver';
import { go2rtcConfig, mediamtxConfig, toYaml } from './engine-config';
import { EngineLogger, EngineSupervisor } from './engine-supervisor';
import { Go2rtcApi } from './go2rtc-api';
import { Go2rtcEngine } from './go2rtc-engine';
import { MediamtxApi } from './mediamtx-api';
import { MediamtxEngine } from './mediamtx-engine';
import { releaseAsset } from './release-assets';
import type { StreamEngine } from './stream-engine';

export interface EngineSlotOptions {
  name: ProxyEngineName;
  mode: ProxyMode;
  lookup: Omit<BinaryLookup, 'name'>;
  rtspPort: number;
  autoDownload: boolean;
  /** Release folder to download from instead of the pinned one (tests). */
  releaseUrl?: string;
  arch?: string;
  registry?: ChildProcessRegistry;
  log: EngineLogger;
  /** How long MediaMTX may take to get a new camera ready. */
  sourceReadyTimeoutMs: number;
  engineReadyTimeoutMs?: number;
  restartInitialDelayMs?: number;
  shutdown: AbortSignal;
  /** The running engine died and did not come back: its sessions must read cameras directly. */
  onEngineLost: (reason: string) => void;
}

/** Thrown when an engine cannot be had (no binary, download failed, will not start). */
export class EngineUnavailableError extends Error {}

/** One engine: finds or downloads its binary, and creates the running engine on first need. */
export class EngineSlot {
  private binary: string | null = null;
  private unavailableReason: string | undefined;
  private downloading: Promise<void> | null = null;
  private percent: number | null = null;
  private engine: MediamtxEngine | Go2rtcEngine | null = null;
  private supervisor: EngineSupervisor | null = null;
  private creating: Promise<StreamEngine> | null = null;
  private configDir: string | null = null;

  constructor(private readonly options: EngineSlotOptions) {
    if (options.mode === 'direct') return;
    const found = resolveBinary({ name: options.name, ...options.lookup });
    if (found.found) this.binary = found.path;
    else if (options.autoDownload) this.downloading = this.download(found.reason);
    else this.unavailableReason = `${found.reason} and auto_download is off`;
  }

  get name(): ProxyEngineName {
    return this.options.name;
  }

  /** The running engine (started now if needed); EngineUnavailableError says why not. */
  async acquire(): Promise<StreamEngine> {
    await this.downloading;
    if (!this.binary) throw new EngineUnavailableError(`${this.name}: ${this.unavailableReason}`);
    this.creating ??= this.create();
    const engine = await this.creating;
    try {
      await this.supervisor?.start();
    } catch (error) {
      throw new EngineUnavailableError((error as Error).message);
    }
    return engine;
  }

  /** Whether sessions can use this engine now or once it has been downloaded/started. */
  get usable(): boolean {
    return (
      this.options.mode !== 'direct' &&
      (this.binary !== null || this.downloading !== null) &&
      this.supervisor?.state !== 'failed'
    );
  }

  health(): ProxyEngineHealth {
    const base = { name: this.name, binary: this.binary };
    const effective_mode = this.usable ? ('proxy' as const) : ('direct' as const);
    if (this.options.mode === 'direct') {
      return { ...base, state: 'stopped', effective_mode, reason: 'proxy_mode is "direct"' };
    }
    if (this.downloading) {
      return {
        ...base,
        state: 'downloading',
        effective_mode,
        ...(this.percent !== null ? { percent: this.percent } : {}),
        reason: 'downloading the pinned release',
      };
    }
    if (!this.binary) {
      const fallback = this.options.mode === 'auto' ? '; sessions read cameras directly' : '';
      return {
        ...base,
        state: 'unavailable',
        effective_mode,
        reason: `${this.unavailableReason}${fallback}`,
      };
    }
    const supervisor = this.supervisor;
    if (!supervisor || supervisor.state === 'stopped') {
      return { ...base, state: 'stopped', effective_mode, reason: 'starts with the first session' };
    }
    return {
      ...base,
      state: supervisor.state,
      effective_mode,
      ...(supervisor.reason ? { reason: supervisor.reason } : {}),
      ...(supervisor.pid !== undefined ? { pid: supervisor.pid } : {}),
    };
  }

  async stop(): Promise<void> {
    await this.creating?.catch(() => undefined);
    await this.engine?.stop();
    if (this.configDir) rmSync(this.configDir, { recursive: true, force: true });
  }

  private async download(notFound: string): Promise<void> {
    const { name, log } = this.options;
    try {
      const asset = releaseAsset(name, process.platform, this.options.arch);
      log('info', `${notFound}; downloading ${asset.fileName}`);
      let loggedStep: number | null = null;
      this.binary = await downloadEngineBinary({
        asset,
        binariesDir: this.options.lookup.binariesDir,
        releaseUrl: this.options.releaseUrl,
        signal: this.options.shutdown,
        onProgress: (percent) => {
          this.percent = percent;
          // One line per 10 % step, also when a large chunk jumps over the round figure.
          const step = percent === null ? null : Math.floor(percent / 10) * 10;
          if (step !== null && step !== loggedStep) {
            loggedStep = step;
            log('info', `${name} download ${step}%`);
          }
        },
      });
      log('info', `${name} installed at ${this.binary}`);
    } catch (error) {
      this.unavailableReason = `${notFound}; download failed: ${(error as Error).message}`;
      log('warn', `${name}: ${this.unavailableReason}`);
    } finally {
      this.downloading = null;
      this.percent = null;
    }
  }

  private async create(): Promise<StreamEngine> {
    const { name, rtspPort } = this.options;
    const apiPort = await freePort();
    this.configDir = mkdtempSync(join(tmpdir(), `camrec-${name}-`));
    const configFile = join(this.configDir, name === 'mediamtx' ? 'mediamtx.yml' : 'go2rtc.yaml');
    const config =
      name === 'mediamtx'
        ? mediamtxConfig({ rtspPort, apiPort })
        : go2rtcConfig({ rtspPort, apiPort });
    // go2rtc writes streams added through its API into this file: private to our user.
    writeFileSync(configFile, toYaml(config), { mode: 0o600 });
    const signal = this.options.shutdown;
    const mediamtxApi = new MediamtxApi(apiPort, signal);
    const go2rtcApi = new Go2rtcApi(apiPort, signal);
    let engine: MediamtxEngine | Go2rtcEngine | null = null;
    const supervisor = new EngineSupervisor({
      name,
      binary: this.binary as string,
      args: name === 'mediamtx' ? [configFile] : ['-config', configFile],
      probe: () => (name === 'mediamtx' ? mediamtxApi.info() : go2rtcApi.info()),
      onRestarted: async () => {
        await engine?.republish();
      },
      onRestartFailed: (reason) => this.options.onEngineLost(reason),
      registry: this.options.registry,
      log: this.options.log,
      readyTimeoutMs: this.options.engineReadyTimeoutMs,
      restartInitialDelayMs: this.options.restartInitialDelayMs,
    });
    engine =
      name === 'mediamtx'
        ? new MediamtxEngine(mediamtxApi, {
            supervisor,
            rtspPort,
            readyTimeoutMs: this.options.sourceReadyTimeoutMs,
          })
        : new Go2rtcEngine(go2rtcApi, apiPort, { supervisor, rtspPort });
    this.engine = engine;
    this.supervisor = supervisor;
    return engine;
  }
}
