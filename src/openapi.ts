import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * The service's OpenAPI document (served at /api/docs-json). It is read from the controllers and
 * the DTOs' decorators, so it needs a created application, not a listening one: the client's
 * types are generated from it offline (`npm run client:types`, scripts/client-types.ts).
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Remote notarization service 远程公证')
      .setDescription('Booking, identity check-in, video sessions, certificates and the evidence chain.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
}
