import axios from 'axios';
import AdmZip from 'adm-zip';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract as extractTar } from 'tar';
import { GO2RTC_PINNED_SHA256, PINNED_RELEASES, ReleaseAsset } from './release-assets';

export interface DownloadOptions {
  asset: ReleaseAsset;
  binariesDir: string;
  /** Release folder URL; defaults to the pinned release (tests serve fixtures locally). */
  releaseUrl?: string;
  /** Aborts the transfer (server shutdown). */
  signal?: AbortSignal;
  /** Whole percent, called when it changes (null when the size is unknown). */
  onProgress?: (percent: number | null) => void;
  /** Connection and idle timeout, ms (default 30000). */
  timeoutMs?: number;
}

export class BinaryDownloadError extends Error {}

/** `<releaseUrl>/<file>` of the pinned release. */
export function pinnedReleaseUrl(asset: ReleaseAsset): string {
  const release = PINNED_RELEASES[asset.engine];
  return `${release.baseUrl}/${release.version}`;
}

/**
 * Downloads the pinned release of an engine into binaries_dir and returns the binary's path.
 * Everything happens in a temporary folder inside binaries_dir; only a verified, extracted
 * binary is moved into place, so a failed, partial or mismatched download leaves nothing.
 */
export async function downloadEngineBinary(options: DownloadOptions): Promise<string> {
  const { asset, binariesDir } = options;
  const releaseUrl = options.releaseUrl ?? pinnedReleaseUrl(asset);
  await mkdir(binariesDir, { recursive: true });
  const work = await mkdtemp(join(binariesDir, `.download-${asset.engine}-`));
  try {
    const expected = await expectedSha256(asset, releaseUrl, options);
    const archive = join(work, asset.fileName);
    const actual = await fetchToFile(`${releaseUrl}/${asset.fileName}`, archive, options);
    if (expected && actual !== expected) {
      throw new BinaryDownloadError(
        `${asset.fileName}: SHA-256 ${actual} does not match the expected ${expected}; refused`,
      );
    }
    const extracted = await extractBinary(asset, archive, work);
    await chmod(extracted, 0o755);
    const target = join(binariesDir, asset.binaryName);
    await rename(extracted, target);
    if (asset.engine === 'go2rtc') await writeFile(hashFile(binariesDir), `${actual}\n`);
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Where the SHA-256 of the first go2rtc download is kept. */
function hashFile(binariesDir: string): string {
  return join(binariesDir, 'go2rtc.sha256');
}

async function expectedSha256(
  asset: ReleaseAsset,
  releaseUrl: string,
  options: DownloadOptions,
): Promise<string | null> {
  if (asset.engine === 'go2rtc') {
    const pinned = GO2RTC_PINNED_SHA256[asset.fileName];
    if (pinned) return pinned;
    const recorded = await readFile(hashFile(options.binariesDir), 'utf8').catch(() => null);
    return recorded?.trim() || null;
  }
  const sums = await axios
    .get<string>(`${releaseUrl}/checksums.sha256`, {
      responseType: 'text',
      timeout: options.timeoutMs ?? 30_000,
      signal: options.signal,
    })
    .catch((error: unknown) => {
      throw new BinaryDownloadError(`cannot read checksums.sha256: ${describe(error)}`);
    });
  const line = sums.data
    .split('\n')
    .map((text) => text.trim().split(/\s+\*?/))
    .find(([, name]) => name === asset.fileName);
  if (!line || !/^[0-9a-f]{64}$/i.test(line[0])) {
    throw new BinaryDownloadError(`checksums.sha256 has no SHA-256 for ${asset.fileName}`);
  }
  return line[0].toLowerCase();
}

/** Streams the URL into a file, hashing on the way; returns the SHA-256 (hex). */
async function fetchToFile(url: string, file: string, options: DownloadOptions): Promise<string> {
  const timeout = options.timeoutMs ?? 30_000;
  const response = await axios
    .get<NodeJS.ReadableStream>(url, { responseType: 'stream', timeout, signal: options.signal })
    .catch((error: unknown) => {
      throw new BinaryDownloadError(`cannot download ${url}: ${describe(error)}`);
    });
  const total = Number(response.headers['content-length']) || null;
  const hash = createHash('sha256');
  let received = 0;
  let lastPercent = -1;
  options.onProgress?.(total ? 0 : null);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      received += chunk.length;
      const percent = total ? Math.floor((received * 100) / total) : null;
      if (percent !== null && percent !== lastPercent) {
        lastPercent = percent;
        options.onProgress?.(percent);
      }
      callback(null, chunk);
    },
  });
  // A stalled server must not hold the download forever: the idle timeout destroys it.
  const stream = response.data as NodeJS.ReadableStream & { destroy(error?: Error): void };
  let idle = setTimeout(() => stream.destroy(new Error(`no data for ${timeout} ms`)), timeout);
  meter.on('data', () => {
    clearTimeout(idle);
    idle = setTimeout(() => stream.destroy(new Error(`no data for ${timeout} ms`)), timeout);
  });
  try {
    await pipeline(stream, meter, createWriteStream(file), { signal: options.signal });
  } catch (error) {
    throw new BinaryDownloadError(`download of ${url} broke off: ${describe(error)}`);
  } finally {
    clearTimeout(idle);
  }
  if (total !== null && received !== total) {
    throw new BinaryDownloadError(
      `download of ${url} is incomplete: ${received} of ${total} bytes`,
    );
  }
  return hash.digest('hex');
}

async function extractBinary(asset: ReleaseAsset, archive: string, work: string): Promise<string> {
  const out = join(work, 'out');
  await mkdir(out);
  if (asset.kind === 'binary') return archive;
  if (asset.kind === 'tar.gz') {
    await extractTar({ file: archive, cwd: out, filter: (path) => path === asset.binaryName });
  } else {
    const zip = new AdmZip(archive);
    const entry = zip.getEntry(asset.binaryName);
    if (entry) zip.extractEntryTo(entry, out, false, true);
  }
  const binary = join(out, asset.binaryName);
  if (
    !(await access(binary).then(
      () => true,
      () => false,
    ))
  ) {
    throw new BinaryDownloadError(`${asset.fileName} does not contain ${asset.binaryName}`);
  }
  return binary;
}

function describe(error: unknown): string {
  if (axios.isAxiosError(error)) {
    if (error.response) return `HTTP ${error.response.status}`;
    return error.code === 'ERR_CANCELED' ? 'cancelled (shutting down)' : error.message;
  }
  return (error as Error).message;
}
