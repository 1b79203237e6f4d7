// Run with `node -r @swc-node/register services/connectors/src/main.ts` (decorator metadata needed).
import './instrument';
import { startEventConsumer } from '@mate/messaging';
import { bootstrapService, loadServiceConfig } from '@mate/service-kit';
import { ConnectorsAppModule } from './app.module';
import { CONNECTORS_CONFIG_SPEC, CONNECTORS_DATABASE, CONNECTORS_SERVICE } from './config/connectors.config';
import { CONNECTORS_MIGRATIONS } from './database/migrations';

async function main(): Promise<void> {
  const config = loadServiceConfig(CONNECTORS_SERVICE, CONNECTORS_CONFIG_SPEC, { databaseName: CONNECTORS_DATABASE });
  await bootstrapService({
    serviceName: CONNECTORS_SERVICE,
    databaseName: CONNECTORS_DATABASE,
    appModule: ConnectorsAppModule.register({ config }),
    migrations: CONNECTORS_MIGRATIONS,
    configSpec: CONNECTORS_CONFIG_SPEC,
    beforeListen: startEventConsumer,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
