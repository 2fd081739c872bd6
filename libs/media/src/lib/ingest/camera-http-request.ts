import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  basicAuthorization,
  digestAuthorization,
  isSupportedDigest,
  parseAuthenticateHeaders,
} from '@camrec/rtsp';
import { classifySocketError, SourceFailure } from './source-failure';

export interface CameraHttpRequestOptions {
  /** The camera URL; credentials in it are used for Basic or Digest auth, never sent as-is. */
  url: URL;
  /** Deadline for the response headers (connect included). */
  timeoutMs: number;
  /** false accepts any certificate (the session's insecure_tls opt-out for self-signed cameras). */
  rejectUnauthorized: boolean;
  signal?: AbortSignal;
}

/**
 * GET a camera URL, answering a 401 challenge (Digest preferred, else Basic) with the URL's
 * credentials. Resolves with a 2xx response whose body has not been read yet; rejects with a
 * classified SourceFailure otherwise.
 */
export async function requestCameraStream(
  options: CameraHttpRequestOptions,
): Promise<IncomingMessage> {
  const user = decodeURIComponent(options.url.username);
  const password = decodeURIComponent(options.url.password);
  const target = `${options.url.pathname}${options.url.search}`;
  const deadline = Date.now() + options.timeoutMs;

  let response = await get(options, target, undefined, deadline);
  if (response.statusCode === 401) {
    const challenges = parseAuthenticateHeaders(response.headersDistinct['www-authenticate'] ?? []);
    response.resume();
    if (!user) {
      const why = 'the camera requires a user name and password (HTTP 401)';
      throw new SourceFailure('unauthorized', why);
    }
    const digest = challenges.find((c) => c.scheme === 'digest');
    const basic = challenges.find((c) => c.scheme === 'basic');
    let authorization: string;
    if (digest && isSupportedDigest(digest)) {
      authorization = digestAuthorization({
        user,
        password,
        method: 'GET',
        uri: target,
        challenge: digest,
      });
    } else if (basic || challenges.length === 0) {
      authorization = basicAuthorization(user, password);
    } else {
      const offered = challenges
        .map((c) => `${c.scheme} ${c.params['algorithm'] ?? ''}`.trim())
        .join(', ');
      throw new SourceFailure(
        'unauthorized',
        `the camera asks for an unsupported authentication: ${offered}`,
      );
    }
    response = await get(options, target, authorization, deadline);
    if (response.statusCode === 401) {
      response.resume();
      throw new SourceFailure(
        'unauthorized',
        'the camera rejected the user name or password (HTTP 401)',
      );
    }
  }
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return response;
  response.resume();
  const statusText = `HTTP ${status} ${response.statusMessage ?? ''}`.trim();
  if (status === 404) throw new SourceFailure('not_found', statusText);
  if (status === 403) throw new SourceFailure('unauthorized', statusText);
  throw new SourceFailure('unreachable', `the camera answered ${statusText}`);
}

function get(
  options: CameraHttpRequestOptions,
  target: string,
  authorization: string | undefined,
  deadline: number,
): Promise<IncomingMessage> {
  const { url } = options;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || undefined,
      path: target,
      method: 'GET',
      headers: {
        Accept: 'multipart/x-mixed-replace, image/jpeg;q=0.9, */*;q=0.5',
        'User-Agent': 'camera-recorder',
        ...(authorization ? { Authorization: authorization } : {}),
      },
      rejectUnauthorized: options.rejectUnauthorized,
      signal: options.signal,
    });
    const timer = setTimeout(
      () => {
        req.destroy(
          new SourceFailure('timeout', `no HTTP response within ${options.timeoutMs / 1000} s`),
        );
      },
      Math.max(0, deadline - Date.now()),
    );
    req.once('response', (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    req.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error instanceof SourceFailure || error.name === 'AbortError') reject(error);
      else reject(classifySocketError(error));
    });
    req.end();
  });
}
