import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG } from '../config/service-config.token';
import { setupOpenApi } from '../openapi/setup-openapi';
import { mountMetricsEndpoint } from '../telemetry/metrics.endpoint';
import { applyBodyParsers } from './body-parsers';

export const API_PREFIX = 'api/v1';
/** Served at the root, outside /api/v1, and without a token. */
export const ROOT_ROUTES = ['health/live', 'health/ready'];

export interface HttpOptions {
  /** Larger body limits for specific paths, e.g. `{ '/api/v1/assets/import': '20mb' }`. */
  bodyLimits?: Record<string, string>;
}

/**
 * Everything about the HTTP app that is not a provider: shared by bootstrapService() and
 * createTestingApp(), so tests exercise the same stack. Call before app.init()/listen().
 * (The validation pipe, problem filter and auth guard come from ServiceKitModule.)
 */
export function configureApp(app: INestApplication, options: HttpOptions = {}): ServiceConfig {
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  app.useLogger(app.get(Logger));
  applyBodyParsers(app, config.http.bodyLimit, options.bodyLimits);
  mountMetricsEndpoint(app);
  app.setGlobalPrefix(API_PREFIX, { exclude: ROOT_ROUTES });
  setupOpenApi(app, config.serviceName);
  return config;
}
