import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  const engines = () => ({
    mediamtx: { configuredPath: null, searchPath: pathDir, binariesDir: cacheDir, rtspPort: 8554 },
    go2rtc: { configuredPath: null, searchPath: pathDir, binariesDir: cacheDir, rtspPort: 8555 },
  });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'camrec-proxy-'));
    pathDir = join(root, 'path-bin');
    cacheDir = join(root, 'cache');
    mkdirSync(pathDir);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

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

  it('auto without binaries (and without auto_download) reads cameras directly and says why', async () => {
    const layer = new ProxyLayer({ mode: 'auto', autoDownload: false, engines: engines() });
    expect(layer.health()).toEqual({
      mode: 'auto',
      effective_mode: 'direct',
      engines: [
        {
          name: 'mediamtx',
          state: 'unavailable',
          effective_mode: 'direct',
          binary: null,
          reason: `mediamtx not found on PATH nor in ${cacheDir} and auto_download is off; sessions read cameras directly`,
        },
        {
          name: 'go2rtc',
          state: 'unavailable',
          effective_mode: 'direct',
          binary: null,
          reason: `go2rtc not found on PATH nor in ${cacheDir} and auto_download is off; sessions read cameras directly`,
        },
      ],
    });
    await expect(layer.route('s1', 'rtsp://cam.local/stream', 'rtsp')).resolves.toEqual({
      proxy: 'direct',
      ingestUrl: 'rtsp://cam.local/stream',
      localRtspUrl: null,
      reason: `mediamtx: mediamtx not found on PATH nor in ${cacheDir} and auto_download is off`,
    });
    await layer.stop();
  });

  it('reports a binary it found as ready to start with the first session', async () => {
    const mediamtx = executable(cacheDir, 'mediamtx');
    const layer = new ProxyLayer({ mode: 'auto', autoDownload: false, engines: engines() });
    const health = layer.health();
    expect(health.effective_mode).toBe('mixed');
    expect(health.engines[0]).toEqual({
      name: 'mediamtx',
      state: 'stopped',
      effective_mode: 'proxy',
      binary: mediamtx,
      reason: 'starts with the first session',
    });
    await layer.stop();
  });

  it('direct mode neither looks for binaries nor downloads them', async () => {
    executable(cacheDir, 'mediamtx');
    const layer = new ProxyLayer({ mode: 'direct', autoDownload: true, engines: engines() });
    expect(layer.health().engines.map((e) => [e.state, e.binary, e.reason])).toEqual([
      ['stopped', null, 'proxy_mode is "direct"'],
      ['stopped', null, 'proxy_mode is "direct"'],
    ]);
    await expect(layer.route('s1', 'http://cam.local/video', 'mjpeg')).resolves.toEqual({
      proxy: 'direct',
      ingestUrl: 'http://cam.local/video',
      localRtspUrl: null,
    });
    await layer.stop();
  });

  it('proxy mode refuses a session whose engine cannot be had, naming why', async () => {
    const layer = new ProxyLayer({ mode: 'proxy', autoDownload: false, engines: engines() });
    const open = layer.route('s1', 'http://cam.local/video', 'mjpeg');
    await expect(open).rejects.toThrow(ProxyUnavailableError);
    await expect(open).rejects.toThrow(
      `proxy_mode is "proxy" but go2rtc: go2rtc not found on PATH nor in ${cacheDir} and auto_download is off`,
    );
    await layer.stop();
  });
});
