import type { TestApp } from './test-app';

/** HTTP helpers shared by the API's end-to-end tests. */

/** A JSON body as the tests see it: its shape is what the assertions check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface JsonResponse<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export async function postJson<T = Json>(
  app: TestApp,
  path: string,
  body: unknown,
): Promise<JsonResponse<T>> {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** Any method; the body, when given, is sent as JSON. */
export async function sendJson<T = Json>(
  app: TestApp,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<JsonResponse<T>> {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

export async function getJson<T = Json>(app: TestApp, path: string): Promise<JsonResponse<T>> {
  const response = await fetch(`${app.baseUrl}${path}`);
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** Opens a session on a camera URL and returns its id. */
export async function openSession(app: TestApp, url: string): Promise<string> {
  const { status, body } = await postJson(app, '/session/open', { url });
  if (status !== 201) throw new Error(`open failed: ${status} ${JSON.stringify(body)}`);
  return body.session_id;
}
