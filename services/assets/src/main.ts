import './instrument';
import { startEventConsumer } from '@mate/messaging';
import { bootstrapService, loadServiceConfig } from '@mate/service-kit';
import { createAssetsAppModule } from './app.module';
import { ASSETS_BODY_LIMITS, ASSETS_CONFIG_SPEC, ASSETS_SERVICE } from './config/assets.config';
import { ASSETS_MIGRATIONS } from './database/migrations';

async function main(): Promise<void> {
  const config = loadServiceConfig(ASSETS_SERVICE, ASSETS_CONFIG_SPEC);
  await bootstrapService({
    serviceName: ASSETS_SERVICE,
    appModule: createAssetsAppModule({ config }),
    migrations: ASSETS_MIGRATIONS,
    configSpec: ASSETS_CONFIG_SPEC,
    bodyLimits: ASSETS_BODY_LIMITS,
    beforeListen: startEventConsumer,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
