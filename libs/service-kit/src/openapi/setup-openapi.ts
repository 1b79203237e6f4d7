import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { FieldErrorSchema, ProblemDetailsSchema, ValidationProblemSchema } from './problem-details.schema';
import { problemResponse } from './api-problem-responses.decorator';

export const BEARER_SCHEME = 'bearer';

export function openApiPaths(serviceName: string): { docs: string; json: string } {
  return { docs: `api/v1/${serviceName}/docs`, json: `api/v1/${serviceName}/openapi.json` };
}

/** The OpenAPI document generated from controllers and DTO decorators. */
export function createOpenApiDocument(app: INestApplication, serviceName: string, version = '1.0.0'): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`Mechanic's Mate ${serviceName} API`)
    .setVersion(version)
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // Relative: the document is valid wherever the service is reached (directly or behind the gateway).
    .addServer('/', 'Where this document was served from')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .addGlobalResponse(problemResponse(400), problemResponse(401), problemResponse(403), problemResponse(500))
    .build();
  return SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetailsSchema, ValidationProblemSchema, FieldErrorSchema],
  });
}

/** UI at /api/v1/<service>/docs, JSON at /api/v1/<service>/openapi.json; both public. */
export function setupOpenApi(app: INestApplication, serviceName: string): void {
  const paths = openApiPaths(serviceName);
  SwaggerModule.setup(paths.docs, app, () => createOpenApiDocument(app, serviceName), {
    jsonDocumentUrl: paths.json,
    yamlDocumentUrl: `api/v1/${serviceName}/openapi.yaml`,
  });
}
