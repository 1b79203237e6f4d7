import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { redactUrl } from '@mate/database';
import { Logger } from 'nestjs-pino';
import { loadServiceConfig, type ConfigSpec } from '../config/service-config';
import { prepareDatabase, type MigrationList } from '../database/prepare-database';
import { configureApp, type HttpOptions } from './configure-app';
import { assertDecoratorMetadata } from './decorator-metadata.check';
import { OPENAPI_OUTPUT_VARIABLE, writeOpenApiDocument } from '../openapi/write-openapi-document';

export interface BootstrapOptions extends HttpOptions {
  serviceName: string;
  /** The same database name given to loadServiceConfig(), if the service names its own. */
  databaseName?: string;
  appModule: Type<unknown> | DynamicModule;
  /** Run as the database owner before the app connects. Omit for a service without a database. */
  migrations?: MigrationList;
  /** The same spec given to ServiceKitModule.forRoot(), so a bad variable stops the boot early. */
  configSpec?: ConfigSpec;
  /** Runs on the initialised app before HTTP listens, e.g. `startEventConsumer` from @mate/messaging. */
  beforeListen?: (app: INestApplication) => void | Promise<void>;
}

/**
 * A service's whole main(): config, database, HTTP stack, shutdown hooks, listen. With
 * OPENAPI_OUTPUT set it only writes the service's OpenAPI document to that file, and resolves with
 * no app.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<INestApplication | undefined> {
  assertDecoratorMetadata();
  const config = loadServiceConfig(options.serviceName, options.configSpec, { databaseName: options.databaseName });
  const documentFile = process.env[OPENAPI_OUTPUT_VARIABLE];
  if (documentFile) {
    await writeOpenApiDocument(options.appModule, options.serviceName, documentFile);
    return undefined;
  }
  if (options.migrations) await prepareDatabase(config, options.migrations);

  const app = await NestFactory.create(options.appModule, { bufferLogs: true, bodyParser: false });
  configureApp(app, options);
  // SIGTERM/SIGINT: readiness fails, the grace period passes, then each module's shutdown hook
  // runs (the messaging layer flushes there) and the HTTP server closes.
  app.enableShutdownHooks();
  // Initialise first: modules' onModuleInit hooks (e.g. the topics the event consumer subscribes
  // to are provisioned there) must have run before any microservice starts listening.
  await app.init();
  await options.beforeListen?.(app);
  await app.listen(config.port);
  app.get(Logger).log(
    { port: config.port, database: redactUrl(config.database.appUrl), authMode: config.auth.mode },
    `${config.serviceName} listening`,
  );
  return app;
}
