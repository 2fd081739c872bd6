import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ApiError } from './errors/api-error.response';
import { APP_VERSION } from './version';

/**
 * What Fastify and the global ValidationPipe answer for any route with a JSON body, before
 * the handler runs: documented here once so every such route (present and future) has them.
 */
const JSON_BODY_ERRORS: Record<string, string> = {
  '400': 'The body is not valid JSON, or a field is missing or wrong (the message names it)',
  '413': 'The body is larger than 64 KiB',
  '415': 'The body is not application/json',
};

/**
 * The OpenAPI document at /openapi.json and its UI at /docs (assets served locally), built at
 * the first request for either: scanning every route took ~0.2 s of CPU at each start (the
 * server's, and each of the tests' boots), for a document most starts never serve.
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildDocument(app), {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
}

function buildDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Camera Recorder')
      .setDescription(
        'Watch and record IP cameras. The live stream is a WebSocket at /stream?session_id=…&format=mse|jpeg|json. ' +
          'Every error answer is JSON {statusCode, error, message}.',
      )
      .setVersion(APP_VERSION)
      .build(),
    { extraModels: [ApiError] },
  );
  addJsonBodyErrors(document);
  return document;
}

function addJsonBodyErrors(document: OpenAPIObject): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of [pathItem.post, pathItem.put, pathItem.patch]) {
      if (!operation?.requestBody) continue;
      for (const [status, description] of Object.entries(JSON_BODY_ERRORS)) {
        operation.responses[status] ??= {
          description,
          content: {
            'application/json': { schema: { $ref: `#/components/schemas/${ApiError.name}` } },
          },
        };
      }
    }
  }
}
