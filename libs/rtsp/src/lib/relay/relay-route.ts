import type { Socket } from 'node:net';
import { SenderReportClock } from '../clock/sender-report-clock';

/** Absolute RTSP URL: scheme and authority (credentials included), then the rest. */
const ABSOLUTE_RTSP_URL = /^rtsps?:\/\/[^/?#]*/i;

/** A registered camera: where the relay connects and which credentials it answers with. */
export interface RelayRoute {
  id: string;
  token: string;
  /**
   * `rtsp://127.0.0.1:PORT/relay-TOKEN`: what ffmpeg reads, standing for the whole camera URL.
   * Below it, `relayBase + path` stands for `cameraOrigin + path` (track URLs and the like).
   */
  relayBase: string;
  host: string;
  port: number;
  tls: boolean;
  /** `rtsp://host:port` (or rtsps), no credentials: camera URLs are this plus a path. */
  cameraOrigin: string;
  /** Path and query of the camera URL, e.g. "/Streaming/Channels/101?transport=tcp". */
  cameraPath: string;
  user: string;
  password: string;
  /** rtsps: check the camera's certificate. */
  verifyTls: boolean;
  /** Deadline for the relay's connection to the camera. */
  connectTimeoutMs: number;
  /** The camera's sender-report clock, read on the route's connection. */
  clock: SenderReportClock;
  /** A connection to the camera opened ahead of ffmpeg's (see parkCamera), not taken yet. */
  parkedCamera: Socket | null;
}

/** Thrown by `add` for a URL the relay cannot serve; the message never holds credentials. */
export class RelayUrlError extends Error {
  override readonly name = 'RelayUrlError';
}

export function createRoute(
  id: string,
  token: string,
  relayPort: number,
  cameraUrl: string,
  { verifyTls, connectTimeoutMs }: { verifyTls: boolean; connectTimeoutMs: number },
): RelayRoute {
  let url: URL;
  try {
    url = new URL(cameraUrl);
  } catch {
    throw new RelayUrlError('the camera URL is not a valid URL');
  }
  const tls = url.protocol === 'rtsps:';
  if (!tls && url.protocol !== 'rtsp:') {
    throw new RelayUrlError(`the relay reads rtsp and rtsps cameras, not ${url.protocol}`);
  }
  return {
    id,
    token,
    relayBase: `rtsp://127.0.0.1:${relayPort}/relay-${token}`,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : tls ? 322 : 554,
    tls,
    cameraOrigin: `${url.protocol}//${url.host}`,
    cameraPath: `${url.pathname}${url.search}`,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    verifyTls,
    connectTimeoutMs,
    clock: new SenderReportClock(),
    parkedCamera: null,
  };
}

/**
 * The URL ffmpeg reads, on its command line for every local user to see: neither credentials
 * nor the camera's path and query (some cameras take the password as a query parameter).
 */
export function relayUrlOf(route: RelayRoute): string {
  return route.relayBase;
}

/** The token in a relay request URL, e.g. "abc…" in rtsp://127.0.0.1:1234/relay-abc…/stream. */
export function tokenOf(uri: string): string | null {
  return /^rtsp:\/\/[^/?#]*\/relay-([0-9a-f]+)(?=[/?#]|$)/i.exec(uri)?.[1] ?? null;
}

/** A request URL on the relay → the same resource on the camera; other URLs pass unchanged. */
export function toCameraUrl(route: RelayRoute, uri: string): string {
  if (uri === route.relayBase) return route.cameraOrigin + route.cameraPath;
  const rest = uri.startsWith(route.relayBase) ? uri.slice(route.relayBase.length) : '';
  return rest.startsWith('/') ? route.cameraOrigin + rest : uri;
}

/**
 * A URL the camera sent (Content-Base, a track URL) → the same resource on the relay, so that
 * ffmpeg keeps talking to the relay. Any host is mapped: cameras often name themselves by an
 * address other than the one in the URL.
 */
export function toRelayUrl(route: RelayRoute, url: string): string {
  const authority = ABSOLUTE_RTSP_URL.exec(url);
  return authority ? route.relayBase + url.slice(authority[0].length) : url;
}

/** RTP-Info: `url=rtsp://cam/track1;seq=1;rtptime=2, url=…` with every url mapped. */
export function rtpInfoToRelay(route: RelayRoute, value: string): string {
  return value.replace(
    /(\burl=)([^;,\s]+)/gi,
    (_, key: string, url: string) => key + toRelayUrl(route, url),
  );
}
