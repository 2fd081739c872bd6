import AdmZip from 'adm-zip';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { BinaryDownloadError, downloadEngineBinary } from './binary-download';
import { ProxyLayer } from './proxy-layer';
import { releaseAsset } from './release-assets';
import { ReleaseServer, startReleaseServer } from './test-support/release-server';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A runnable "engine": a shell script that prints its name, padded to a realistic size. */
function fakeEngine(name: string, padding = 200_000): Buffer {
  return Buffer.concat([
    Buffer.from(`#!/bin/sh\necho "${name} fixture"\nexit 0\n# `),
    Buffer.from(randomBytes(padding).toString('base64').replace(/\n/g, '')),
    Buffer.from('\n'),
  ]);
}

describe('engine binary download', () => {
  let root: string;
  let binariesDir: string;
  let server: ReleaseServer;
  const linuxMediamtx = releaseAsset('mediamtx', 'linux', 'x64');

  async function mediamtxTarball(binary: Buffer): Promise<Buffer> {
    const staging = join(root, 'staging');
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, 'mediamtx'), binary, { mode: 0o755 });
    writeFileSync(join(staging, 'mediamtx.yml'), 'logLevel: info\n');
    const file = join(root, linuxMediamtx.fileName);
    await createTar({ gzip: true, file, cwd: staging }, ['mediamtx', 'mediamtx.yml']);
    return readFileSync(file);
  }

  function serveWithChecksum(fileName: string, body: Buffer, checksum = sha256(body)): void {
    server.files.set(fileName, { body });
    server.files.set('checksums.sha256', {
      body: Buffer.from(`${'0'.repeat(64)}  other_file.tar.gz\n${checksum}  ${fileName}\n`),
    });
  }

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'camrec-download-'));
    binariesDir = join(root, 'bin');
    server = await startReleaseServer();
  });

  afterEach(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('installs a MediaMTX archive whose checksum matches, and the binary runs', async () => {
    serveWithChecksum(linuxMediamtx.fileName, await mediamtxTarball(fakeEngine('mediamtx')));
    const percents: (number | null)[] = [];
    const path = await downloadEngineBinary({
      asset: linuxMediamtx,
      binariesDir,
      releaseUrl: server.url,
      onProgress: (percent) => percents.push(percent),
    });
    expect(path).toBe(join(binariesDir, 'mediamtx'));
    expect(execFileSync(path, { encoding: 'utf8' })).toBe('mediamtx fixture\n');
    expect(readdirSync(binariesDir)).toEqual(['mediamtx']);
    expect(percents[0]).toBe(0);
    expect(percents[percents.length - 1]).toBe(100);
    expect(server.requests).toEqual(['checksums.sha256', linuxMediamtx.fileName]);
  });

  it('refuses an archive whose checksum does not match and leaves nothing', async () => {
    serveWithChecksum(
      linuxMediamtx.fileName,
      await mediamtxTarball(fakeEngine('mediamtx')),
      sha256(Buffer.from('something else')),
    );
    const download = downloadEngineBinary({
      asset: linuxMediamtx,
      binariesDir,
      releaseUrl: server.url,
    });
    await expect(download).rejects.toThrow(BinaryDownloadError);
    await expect(download).rejects.toThrow(
      /mediamtx_v1\.20\.1_linux_amd64\.tar\.gz: SHA-256 [0-9a-f]{64} does not match the expected [0-9a-f]{64}; refused/,
    );
    expect(readdirSync(binariesDir)).toEqual([]);
  });

  it('says so when the release has no checksum for the asset', async () => {
    server.files.set(linuxMediamtx.fileName, {
      body: await mediamtxTarball(fakeEngine('mediamtx')),
    });
    server.files.set('checksums.sha256', {
      body: Buffer.from(`${'1'.repeat(64)}  other.tar.gz\n`),
    });
    await expect(
      downloadEngineBinary({ asset: linuxMediamtx, binariesDir, releaseUrl: server.url }),
    ).rejects.toThrow(`checksums.sha256 has no SHA-256 for ${linuxMediamtx.fileName}`);
    expect(readdirSync(binariesDir)).toEqual([]);
  });

  it('leaves nothing behind when the transfer breaks off', async () => {
    const body = await mediamtxTarball(fakeEngine('mediamtx'));
    serveWithChecksum(linuxMediamtx.fileName, body);
    server.files.set(linuxMediamtx.fileName, { body, cutAfter: Math.floor(body.length / 2) });
    await expect(
      downloadEngineBinary({ asset: linuxMediamtx, binariesDir, releaseUrl: server.url }),
    ).rejects.toThrow(
      /download of .*mediamtx_v1\.20\.1_linux_amd64\.tar\.gz (broke off|is incomplete)/,
    );
    expect(readdirSync(binariesDir)).toEqual([]);
  });

  it('stops when aborted (server shutdown) and leaves nothing', async () => {
    const body = await mediamtxTarball(fakeEngine('mediamtx', 2_000_000));
    serveWithChecksum(linuxMediamtx.fileName, body);
    server.files.set(linuxMediamtx.fileName, { body, chunkDelayMs: 20 });
    const abort = new AbortController();
    const download = downloadEngineBinary({
      asset: linuxMediamtx,
      binariesDir,
      releaseUrl: server.url,
      signal: abort.signal,
      onProgress: (percent) => {
        if (percent === 5) abort.abort();
      },
    });
    await expect(download).rejects.toThrow(/broke off/);
    expect(readdirSync(binariesDir)).toEqual([]);
  });

  it('extracts mediamtx.exe from the Windows zip', async () => {
    const asset = releaseAsset('mediamtx', 'win32', 'x64');
    expect(asset.fileName).toBe('mediamtx_v1.20.1_windows_amd64.zip');
    const zip = new AdmZip();
    const exe = fakeEngine('mediamtx.exe', 1000);
    zip.addFile('mediamtx.exe', exe);
    zip.addFile('LICENSE', Buffer.from('MIT'));
    serveWithChecksum(asset.fileName, zip.toBuffer());
    const path = await downloadEngineBinary({ asset, binariesDir, releaseUrl: server.url });
    expect(readFileSync(path)).toEqual(exe);
    expect(readdirSync(binariesDir)).toEqual(['mediamtx.exe']);
  });

  it('records the SHA-256 of the first go2rtc download and refuses a later one that differs', async () => {
    const asset = releaseAsset('go2rtc', 'linux', 'x64');
    expect(asset).toMatchObject({ fileName: 'go2rtc_linux_amd64', kind: 'binary' });
    const first = fakeEngine('go2rtc');
    server.files.set(asset.fileName, { body: first });
    const path = await downloadEngineBinary({ asset, binariesDir, releaseUrl: server.url });
    expect(execFileSync(path, { encoding: 'utf8' })).toBe('go2rtc fixture\n');
    expect(readFileSync(join(binariesDir, 'go2rtc.sha256'), 'utf8')).toBe(`${sha256(first)}\n`);

    rmSync(path);
    server.files.set(asset.fileName, { body: fakeEngine('go2rtc') });
    await expect(
      downloadEngineBinary({ asset, binariesDir, releaseUrl: server.url }),
    ).rejects.toThrow(`does not match the expected ${sha256(first)}`);
    expect(readdirSync(binariesDir)).toEqual(['go2rtc.sha256']);
  });

  it('names every supported platform and refuses the others', () => {
    const names = [
      ['linux', 'x64'],
      ['linux', 'arm64'],
      ['linux', 'arm'],
      ['darwin', 'x64'],
      ['darwin', 'arm64'],
      ['win32', 'x64'],
    ].map(([platform, arch]) => [
      releaseAsset('mediamtx', platform as NodeJS.Platform, arch).fileName,
      releaseAsset('go2rtc', platform as NodeJS.Platform, arch).fileName,
    ]);
    expect(names).toEqual([
      ['mediamtx_v1.20.1_linux_amd64.tar.gz', 'go2rtc_linux_amd64'],
      ['mediamtx_v1.20.1_linux_arm64.tar.gz', 'go2rtc_linux_arm64'],
      ['mediamtx_v1.20.1_linux_armv7.tar.gz', 'go2rtc_linux_arm'],
      ['mediamtx_v1.20.1_darwin_amd64.tar.gz', 'go2rtc_mac_amd64.zip'],
      ['mediamtx_v1.20.1_darwin_arm64.tar.gz', 'go2rtc_mac_arm64.zip'],
      ['mediamtx_v1.20.1_windows_amd64.zip', 'go2rtc_win64.zip'],
    ]);
    expect(() => releaseAsset('mediamtx', 'freebsd', 'x64')).toThrow(
      'no mediamtx release for freebsd-x64',
    );
  });

  it('reports the download in health (state downloading, percent), then the installed binary', async () => {
    const body = await mediamtxTarball(fakeEngine('mediamtx', 1_000_000));
    serveWithChecksum(linuxMediamtx.fileName, body);
    server.files.set(linuxMediamtx.fileName, { body, chunkDelayMs: 10 });
    server.files.set('go2rtc_linux_amd64', { body: fakeEngine('go2rtc') });
    const logs: string[] = [];
    const layer = new ProxyLayer({
      mode: 'auto',
      autoDownload: true,
      arch: 'x64',
      log: (level, message) => logs.push(`${level} ${message}`),
      engines: {
        mediamtx: {
          configuredPath: null,
          searchPath: '',
          binariesDir,
          rtspPort: 1,
          releaseUrl: server.url,
        },
        go2rtc: {
          configuredPath: null,
          searchPath: '',
          binariesDir,
          rtspPort: 2,
          releaseUrl: server.url,
        },
      },
    });
    const seen: unknown[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const engine = layer.health().engines[0];
      if (engine.state !== 'downloading') break;
      if (engine.percent !== undefined) seen.push(engine.percent);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.some((percent) => (percent as number) > 0 && (percent as number) < 100)).toBe(true);
    expect(layer.health().engines[0]).toEqual({
      name: 'mediamtx',
      state: 'stopped',
      effective_mode: 'proxy',
      binary: join(binariesDir, 'mediamtx'),
      reason: 'starts with the first session',
    });
    // A line per 10 % step reached (a large chunk may jump over one), in order, 0 to 100.
    const steps = logs
      .filter((line) => line.startsWith('info mediamtx download '))
      .map((line) => Number(/(\d+)%$/.exec(line)?.[1]));
    expect(steps[0]).toBe(0);
    expect(steps[steps.length - 1]).toBe(100);
    expect(steps.length).toBeGreaterThan(3);
    steps.forEach((step, i) => {
      expect(step % 10).toBe(0);
      if (i > 0) expect(step).toBeGreaterThan(steps[i - 1]);
    });
    expect(logs).toContain(`info mediamtx installed at ${join(binariesDir, 'mediamtx')}`);
    await layer.stop();
  });
});
