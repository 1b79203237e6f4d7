// Run with `node -r @swc-node/register services/pm-scheduling/src/main.ts` (decorator metadata needed).
import './instrument';
import { startEventConsumer } from '@mate/messaging';
import { bootstrapService, loadServiceConfig } from '@mate/service-kit';
import { PmSchedulingAppModule } from './app.module';
import { PM_SCHEDULING_CONFIG_SPEC, PM_SCHEDULING_DATABASE, PM_SCHEDULING_SERVICE } from './config/pm-scheduling.config';
import { PM_SCHEDULING_MIGRATIONS } from './database/migrations';

async function main(): Promise<void> {
  const config = loadServiceConfig(PM_SCHEDULING_SERVICE, PM_SCHEDULING_CONFIG_SPEC, { databaseName: PM_SCHEDULING_DATABASE });
  await bootstrapService({
    serviceName: PM_SCHEDULING_SERVICE,
    databaseName: PM_SCHEDULING_DATABASE,
    appModule: PmSchedulingAppModule.register({ config }),
    migrations: PM_SCHEDULING_MIGRATIONS,
    configSpec: PM_SCHEDULING_CONFIG_SPEC,
    beforeListen: startEventConsumer,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
