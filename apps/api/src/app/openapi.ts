import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { APP_VERSION } from './version';

/** The OpenAPI document at /openapi.json and its UI at /docs (assets served locally). */
export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Camera Recorder')
      .setDescription(
        'Watch and record IP cameras. The live stream is a WebSocket at /stream?session_id=…&format=mse|jpeg|json.',
      )
      .setVersion(APP_VERSION)
      .build(),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
}
