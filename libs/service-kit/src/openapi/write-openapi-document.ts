import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { API_PREFIX, ROOT_ROUTES } from '../bootstrap/configure-app';
import { createOpenApiDocument } from './setup-openapi';

/**
 * Set to a file path, a service's main.ts writes its OpenAPI document there and ends, without a
 * database or a broker (`tools/openapi/lint.sh`, which CI runs).
 */
export const OPENAPI_OUTPUT_VARIABLE = 'OPENAPI_OUTPUT';

/**
 * The document the service serves at /api/v1/<service>/openapi.json, built from a preview of its
 * module graph: Nest reads the controllers' metadata but instantiates no provider, so nothing
 * connects anywhere.
 */
export async function writeOpenApiDocument(appModule: Type<unknown> | DynamicModule, serviceName: string, file: string): Promise<void> {
  const app = await NestFactory.create(appModule, { preview: true, logger: false, bodyParser: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: ROOT_ROUTES });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(createOpenApiDocument(app, serviceName), null, 2)}\n`);
  await app.close();
}
