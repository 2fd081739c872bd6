import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAPIBackend from 'openapi-backend';

/** The pinned engines' published contracts, copied from their repositories. */
export const CONTRACTS_DIR = join(__dirname, '..', '..', '..', 'contracts');

export type EngineKind = 'mediamtx' | 'go2rtc';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
}

export function loadYaml(file: string): Record<string, unknown> {
  return load(readFileSync(join(CONTRACTS_DIR, file), 'utf8')) as Record<string, unknown>;
}

/** MediaMTX's default configuration: the keys the pinned version knows. */
export function defaultMediamtxConfig(): Record<string, unknown> {
  return loadYaml('mediamtx/mediamtx.yml');
}

/**
 * The engine's OpenAPI document, adjusted only where it does not describe the engine: MediaMTX
 * refuses unknown fields in a path configuration, go2rtc writes some query parameters into its
 * path keys ("/api/stream.mjpeg?src={src}") and reads one its document omits.
 */
interface Parameter {
  name?: string;
  in?: string;
  required?: boolean;
  schema?: Record<string, unknown>;
  $ref?: string;
}

function contractDocument(engine: EngineKind): Record<string, unknown> {
  const document = loadYaml(`${engine}/openapi.yaml`) as {
    paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
    components: { schemas?: Record<string, Record<string, unknown>>; parameters?: unknown };
  };
  if (engine === 'mediamtx') {
    document.components.schemas = {
      ...document.components.schemas,
      PathConf: { ...document.components.schemas?.['PathConf'], additionalProperties: false },
    };
    return document;
  }
  // go2rtc's DELETE /api/streams handler drops the stream named by `name` (and the config
  // entry named by `src`); the published document lists `src` only.
  const remove = document.paths['/api/streams']['delete'];
  remove.parameters = [
    ...(remove.parameters ?? []),
    { name: 'name', in: 'query', schema: { type: 'string' } },
  ];
  const paths: typeof document.paths = {};
  for (const [key, item] of Object.entries(document.paths)) {
    const [path, query] = key.split('?');
    if (!query) {
      paths[path] ??= item;
      continue;
    }
    const name = query.split('=')[0];
    const asQuery = Object.fromEntries(
      Object.entries(item).map(([method, operation]) => [
        method,
        {
          ...operation,
          parameters: [
            ...(operation.parameters ?? []).filter((parameter) => !parameter.$ref),
            { name, in: 'query', required: true, schema: { type: 'string' } },
          ],
        },
      ]),
    );
    paths[path] = { ...asQuery, ...paths[path] };
  }
  return { ...document, paths };
}

/** openapi-backend validates operations by id; go2rtc's document has none. */
function withOperationIds(document: Record<string, unknown>): Record<string, unknown> {
  const paths = document['paths'] as Record<string, Record<string, Record<string, unknown>>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation === 'object' && operation !== null && !operation['operationId']) {
        operation['operationId'] = `${method} ${path}`;
      }
    }
  }
  return document;
}

/** Validates requests against an engine's OpenAPI document (openapi-backend, ajv). */
export class EngineContract {
  private constructor(private readonly api: OpenAPIBackend) {}

  static async load(engine: EngineKind): Promise<EngineContract> {
    const api = new OpenAPIBackend({
      definition: withOperationIds(contractDocument(engine)) as never,
      strict: false,
      quick: true,
      ajvOpts: {
        strict: false,
        allErrors: true,
        // MediaMTX's numeric formats, which ajv-formats does not define.
        formats: {
          uint64: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 },
          int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
          double: { type: 'number', validate: () => true },
        },
      },
    });
    await api.init();
    return new EngineContract(api);
  }

  /** What is wrong with the request, in words; empty when it is valid. */
  violations(request: RecordedRequest): string[] {
    const operation = this.api.matchOperation(request);
    if (!operation) return [`${request.method} ${request.path}: no such operation in the contract`];
    const result = this.api.validateRequest(request, operation);
    return result.valid
      ? []
      : (result.errors ?? []).map(
          (error) =>
            `${request.method} ${request.path}: ${error.instancePath || error.schemaPath} ${error.message}`,
        );
  }
}
