import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { resolveBinary } from './binary-resolver';
import { ProxyLayer, ProxyUnavailableError } from './proxy-layer';

describe('proxy binaries and the direct fallback', () => {
  let root: string;
  let pathDir: string;
  let cacheDir: string;

  const executable = (folder: string, name: string): string => {
    mkdirSync(folder, { recursive: true });
    const file = join(folder, name);
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o755);
    return file;
  };
  const engines = (overrides: { mediamtx?: string | null; go2rtc?: string | null } = {}) => ({
    mediamtx: {
      configuredPath: overrides.mediamtx ?? null,
      searchPath: pathDir,
      binariesDir: cacheDir,
    },
    go2rtc: {
      configuredPath: overrides.go2rtc ?? null,
      searchPath: pathDir,
      binariesDir: cacheDir,
    },
  });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'camrec-proxy-'));
    pathDir = join(root, 'path-bin');
    cacheDir = join(root, 'cache');
    mkdirSync(pathDir);
  });

  it('prefers the configured path, then PATH, then the cache folder', () => {
    const cached = executable(cacheDir, 'mediamtx');
    expect(
      resolveBinary({
        name: 'mediamtx',
        configuredPath: null,
        searchPath: pathDir,
        binariesDir: cacheDir,
      }),
    ).toEqual({ found: true, path: cached });
    const onPath = executable(pathDir, 'mediamtx');
    const search = `${join(root, 'missing')}${delimiter}${pathDir}`;
    expect(
      resolveBinary({
        name: 'mediamtx',
        configuredPath: null,
        searchPath: search,
        binariesDir: cacheDir,
      }),
    ).toEqual({ found: true, path: onPath });
    const configured = executable(join(root, 'opt'), 'my-mediamtx');
    expect(
      resolveBinary({
        name: 'mediamtx',
        configuredPath: configured,
        searchPath: search,
        binariesDir: cacheDir,
      }),
    ).toEqual({ found: true, path: configured });
  });

  it('names what is wrong with a configured path, and where it looked otherwise', () => {
    writeFileSync(join(root, 'not-executable'), 'x');
    expect(
      resolveBinary({
        name: 'go2rtc',
        configuredPath: join(root, 'not-executable'),
        searchPath: pathDir,
        binariesDir: cacheDir,
      }),
    ).toEqual({
      found: false,
      reason: `go2rtc_path "${join(root, 'not-executable')}" is not an executable file`,
    });
    expect(
      resolveBinary({
        name: 'go2rtc',
        configuredPath: null,
        searchPath: pathDir,
        binariesDir: cacheDir,
      }),
    ).toEqual({
      found: false,
      reason: `go2rtc not found on PATH nor in ${cacheDir}`,
    });
  });

  it('looks for NAME.exe on Windows', () => {
    const exe = executable(cacheDir, 'go2rtc.exe');
    expect(
      resolveBinary({
        name: 'go2rtc',
        configuredPath: null,
        searchPath: '',
        binariesDir: cacheDir,
        platform: 'win32',
      }),
    ).toEqual({ found: true, path: exe });
  });

  it('auto without binaries falls back to direct and says why for each engine', () => {
    const layer = new ProxyLayer({ mode: 'auto', engines: engines() });
    expect(layer.effectiveMode).toBe('direct');
    expect(layer.health()).toEqual({
      mode: 'auto',
      effective_mode: 'direct',
      engines: [
        {
          name: 'mediamtx',
          state: 'unavailable',
          binary: null,
          reason: `mediamtx not found on PATH nor in ${cacheDir}; sessions read cameras directly`,
        },
        {
          name: 'go2rtc',
          state: 'unavailable',
          binary: null,
          reason: `go2rtc not found on PATH nor in ${cacheDir}; sessions read cameras directly`,
        },
      ],
    });
  });

  it('reports binaries it found but does not run yet, still direct', () => {
    const mediamtx = executable(cacheDir, 'mediamtx');
    const health = new ProxyLayer({ mode: 'auto', engines: engines() }).health();
    expect(health.effective_mode).toBe('direct');
    expect(health.engines[0]).toMatchObject({
      name: 'mediamtx',
      state: 'stopped',
      binary: mediamtx,
    });
    expect(health.engines[0].reason).toMatch(/does not run proxy engines yet/);
  });

  it('direct mode does not look for binaries', () => {
    executable(cacheDir, 'mediamtx');
    const health = new ProxyLayer({ mode: 'direct', engines: engines() }).health();
    expect(health.engines.map((e) => [e.state, e.binary, e.reason])).toEqual([
      ['stopped', null, 'proxy_mode is "direct"'],
      ['stopped', null, 'proxy_mode is "direct"'],
    ]);
  });

  it('proxy mode refuses to start without running engines, naming each reason', () => {
    expect(() => new ProxyLayer({ mode: 'proxy', engines: engines() })).toThrow(
      ProxyUnavailableError,
    );
    expect(() => new ProxyLayer({ mode: 'proxy', engines: engines() })).toThrow(
      /proxy_mode is "proxy" but mediamtx: mediamtx not found.*go2rtc: go2rtc not found.*use "auto" or "direct"/,
    );
  });
});
