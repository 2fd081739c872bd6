import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { RelayRoute } from './relay-route';

/**
 * Opens the relay's connection to a route's camera: TCP, or TLS with the certificate checked
 * as the route says. Resolves once connected; rejects with the socket's error (its `code`, e.g.
 * ECONNREFUSED), with code ETIMEDOUT after the route's deadline, or as `signal` aborts (the
 * attempt then ends at once: a camera that does not answer must not hold a shutdown).
 */
export function dialCamera(route: RelayRoute, signal?: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const socket = route.tls
      ? tlsConnect({
          host: route.host,
          port: route.port,
          servername: isIP(route.host) ? undefined : route.host,
          rejectUnauthorized: route.verifyTls,
        })
      : tcpConnect({ host: route.host, port: route.port });
    const fail = (error: unknown) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal?.reason);
    const timer = setTimeout(
      () => fail(Object.assign(new Error('Connection to the camera timed out'), { code: 'ETIMEDOUT' })), // prettier-ignore
      route.connectTimeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', fail);
    socket.once(route.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

/** Node's codes for a certificate that did not verify (self-signed, expired, wrong name …). */
export function isCertificateError(error: NodeJS.ErrnoException): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(error.code ?? '');
}

/** The RTSP status and reason the relay answers ffmpeg with when the camera cannot be reached. */
export function cameraErrorStatus(error: NodeJS.ErrnoException): [number, string] {
  switch (error.code) {
    case 'ECONNREFUSED':
      return [502, 'Connection refused by the camera'];
    case 'ETIMEDOUT':
      return [504, 'Connection to the camera timed out'];
    default:
      return isCertificateError(error)
        ? [502, `Camera TLS certificate not trusted (${error.code})`]
        : [502, `Camera unreachable (${error.code ?? error.message})`];
  }
}

/**
 * Keeps a connection opened ahead of ffmpeg's (`RelayedCamera.reach`) for the route's next
 * ffmpeg connection, so that ffmpeg runs only for a camera that answers and the camera still
 * sees one connection. One not taken within the route's deadline is closed.
 */
export function parkCamera(route: RelayRoute, camera: Socket): void {
  dropParkedCamera(route);
  route.parkedCamera = camera;
  camera.on('error', () => camera.destroy());
  camera.once('close', () => {
    if (route.parkedCamera === camera) route.parkedCamera = null;
  });
  setTimeout(() => {
    if (route.parkedCamera === camera) dropParkedCamera(route);
  }, route.connectTimeoutMs).unref();
}

/** The parked connection, if it is still open; the route keeps none after this. */
export function takeParkedCamera(route: RelayRoute): Socket | null {
  const camera = route.parkedCamera;
  route.parkedCamera = null;
  return camera && !camera.destroyed && camera.writable ? camera : null;
}

export function dropParkedCamera(route: RelayRoute): void {
  route.parkedCamera?.destroy();
  route.parkedCamera = null;
}
