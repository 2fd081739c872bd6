import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync } from 'node:fs';
import { sep } from 'node:path';
import { findDashboardRoot } from '../web/web.module';

/** Checks of the OpenAPI document against the routes Fastify serves and the answers it gives. */

export interface RegisteredRoute {
  method: string;
  /** Fastify's form: /videos/:filename */
  url: string;
}

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = { content?: Record<string, { schema?: Record<string, unknown> }> };

/** Routes deliberately outside the document: the dashboard and the document itself. */
const NOT_API = [/^\/$/, /^\/docs(\/|-json$|$)/, /^\/openapi\.(json|yaml)$/];

/** The built dashboard's files: @nestjs/serve-static gives each its own route. */
function dashboardFileRoutes(): Set<string> {
  const root = findDashboardRoot();
  if (!root) return new Set();
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' });
  return new Set(files.map((file) => `/${file.split(sep).join('/')}`));
}
const DASHBOARD_FILES = dashboardFileRoutes();

export const isApiRoute = (route: RegisteredRoute) =>
  !NOT_API.some((re) => re.test(route.url)) && !DASHBOARD_FILES.has(route.url);

/** Records every route Fastify registers; call before the app listens. */
export function recordRoutes(app: NestFastifyApplication): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  return routes;
}

/** /videos/:filename → /videos/{filename} */
export const toDocumentPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function operationOf(
  document: OpenAPIObject,
  method: string,
  url: string,
): Operation | undefined {
  const pathItem = document.paths[toDocumentPath(url)] as Record<string, Operation> | undefined;
  return pathItem?.[method.toLowerCase()];
}

const isBinary = (schema: Record<string, unknown> | undefined) =>
  schema?.['type'] === 'string' && schema?.['format'] === 'binary';
/** A text answer other than JSON (Prometheus' exposition format at /metrics). */
const isText = (type: string, schema: Record<string, unknown> | undefined) =>
  type.startsWith('text/') && schema?.['type'] === 'string';

/** What is wrong with one documented operation, in words (empty when nothing). */
export function operationProblems(method: string, operation: Operation): string[] {
  const problems: string[] = [];
  const responses = Object.entries(operation.responses) as [string, ResponseObject][];
  if (!responses.some(([status]) => /^2\d\d$/.test(status))) problems.push('no success response');
  if (operation.requestBody) {
    for (const status of ['400', '413', '415']) {
      if (!operation.responses[status]) problems.push(`a JSON body but no ${status}`);
    }
  }
  for (const [status, response] of responses) {
    if (method === 'HEAD' || status === '204') {
      if (response.content && status < '400') problems.push(`${status} has a body`);
      continue;
    }
    const content = Object.entries(response.content ?? {});
    if (content.length === 0) problems.push(`${status} has no content`);
    for (const [type, media] of content) {
      if (type.startsWith('application/json')) {
        if (!media.schema) problems.push(`${status} ${type} has no schema`);
      } else if (!isBinary(media.schema) && !isText(type, media.schema)) {
        problems.push(`${status} ${type} is neither JSON, text nor binary`);
      }
    }
    if (Number(status) >= 400) {
      const ref = response.content?.['application/json']?.schema?.['$ref'];
      if (ref !== '#/components/schemas/ApiError') problems.push(`${status} is not an ApiError`);
    }
  }
  return problems;
}

/** Validates real answers against what the document says for their route and status. */
export class AnswerChecker {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenAPIObject) {}

  /** What is wrong with this answer, in words (empty when it matches the document). */
  async problems(method: string, url: string, response: Response): Promise<string[]> {
    const where = `${method} ${url} → ${response.status}`;
    const operation = operationOf(this.document, method, url);
    if (!operation) return [`${where}: route not in the document`];
    const documented = operation.responses[String(response.status)] as ResponseObject | undefined;
    if (!documented) return [`${where}: status not documented`];
    const body = Buffer.from(await response.arrayBuffer());
    if (method === 'HEAD' || response.status === 204) {
      return body.length > 0 ? [`${where}: unexpected body`] : [];
    }
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0];
    const media = documented.content?.[contentType];
    if (!media) return [`${where}: content type ${contentType} not documented`];
    if (isBinary(media.schema) || isText(contentType, media.schema)) {
      return body.length > 0 ? [] : [`${where}: empty ${contentType}`];
    }
    const validate = this.validator(`${method} ${url} ${response.status}`, media.schema ?? {});
    if (validate(JSON.parse(body.toString('utf8')))) return [];
    return (validate.errors ?? []).map(
      (error) => `${where}: ${error.instancePath || 'body'} ${error.message}`,
    );
  }

  private validator(key: string, schema: Record<string, unknown>): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      // The schema's $refs (#/components/…) resolve inside the root they are compiled with.
      validate = this.ajv.compile(
        withNullAllowed({ ...schema, components: this.document.components }) as object,
      );
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/**
 * OpenAPI 3.0's `nullable: true` beside `allOf: [$ref]` (how Nest writes a nullable object)
 * means "this or null" to generators such as openapi-typescript, but JSON Schema would still
 * apply the referenced object type to null; spell it as JSON Schema does.
 */
function withNullAllowed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withNullAllowed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, withNullAllowed(value)]),
  );
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}
