import type { ProxyEngineName } from '@camrec/shared-types';

/** The engine releases this version of the app was written and tested against. */
export const PINNED_RELEASES = {
  mediamtx: {
    version: 'v1.20.1',
    baseUrl: 'https://github.com/bluenviron/mediamtx/releases/download',
  },
  go2rtc: { version: 'v1.9.14', baseUrl: 'https://github.com/AlexxIT/go2rtc/releases/download' },
} as const;

/**
 * SHA-256 of each pinned go2rtc asset, which publishes no checksum file. Empty until someone
 * with access to the release fills them in: then the first download's hash is recorded beside
 * the binary (`go2rtc.sha256`) and any later download must match it.
 */
export const GO2RTC_PINNED_SHA256: Readonly<Record<string, string>> = {};

export type ArchiveKind = 'tar.gz' | 'zip' | 'binary';

export interface ReleaseAsset {
  engine: ProxyEngineName;
  /** File name in the release, e.g. mediamtx_v1.20.1_linux_amd64.tar.gz. */
  fileName: string;
  kind: ArchiveKind;
  /** The executable's name inside the archive and in binaries_dir. */
  binaryName: string;
}

export class UnsupportedPlatformError extends Error {}

const MEDIAMTX_PLATFORMS: Record<string, string> = {
  'linux-x64': 'linux_amd64',
  'linux-arm64': 'linux_arm64',
  'linux-arm': 'linux_armv7',
  'darwin-x64': 'darwin_amd64',
  'darwin-arm64': 'darwin_arm64',
  'win32-x64': 'windows_amd64',
};

const GO2RTC_ASSETS: Record<string, string> = {
  'linux-x64': 'go2rtc_linux_amd64',
  'linux-arm64': 'go2rtc_linux_arm64',
  'linux-arm': 'go2rtc_linux_arm',
  'darwin-x64': 'go2rtc_mac_amd64.zip',
  'darwin-arm64': 'go2rtc_mac_arm64.zip',
  'win32-x64': 'go2rtc_win64.zip',
};

/** The pinned release asset of an engine for a platform and CPU (Node's names). */
export function releaseAsset(
  engine: ProxyEngineName,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): ReleaseAsset {
  const key = `${platform}-${arch}`;
  const binaryName = platform === 'win32' ? `${engine}.exe` : engine;
  if (engine === 'mediamtx') {
    const target = MEDIAMTX_PLATFORMS[key];
    if (!target) throw new UnsupportedPlatformError(`no mediamtx release for ${key}`);
    const kind = platform === 'win32' ? 'zip' : 'tar.gz';
    const fileName = `mediamtx_${PINNED_RELEASES.mediamtx.version}_${target}.${kind}`;
    return { engine, fileName, kind, binaryName };
  }
  const fileName = GO2RTC_ASSETS[key];
  if (!fileName) throw new UnsupportedPlatformError(`no go2rtc release for ${key}`);
  return { engine, fileName, kind: fileName.endsWith('.zip') ? 'zip' : 'binary', binaryName };
}
