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

/** The OpenAPI document at /openapi.json and its UI at /docs (assets served locally). */
export function setupOpenApi(app: INestApplication): void {
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
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
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
