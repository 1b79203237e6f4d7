import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { assertDecoratorMetadata } from './decorator-metadata.check';
import { configureApp, type HttpOptions } from './configure-app';

/**
 * A Nest testing module's app with exactly the production HTTP setup (body limits, prefix, docs,
 * metrics, and the global pipe/filter/guard from ServiceKitModule), initialised and ready for
 * supertest: `request(app.getHttpServer())`.
 */
export async function createTestingApp(moduleRef: TestingModule, options: HttpOptions = {}): Promise<INestApplication> {
  assertDecoratorMetadata();
  const app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
  configureApp(app, options);
  await app.init();
  return app;
}
