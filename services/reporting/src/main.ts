// Run with `node -r @swc-node/register services/reporting/src/main.ts` (decorator metadata needed).
import './instrument';
import { startEventConsumer } from '@mate/messaging';
import { bootstrapService, loadServiceConfig } from '@mate/service-kit';
import { ReportingAppModule } from './app.module';
import { REPORTING_CONFIG_SPEC, REPORTING_DATABASE, REPORTING_SERVICE } from './config/reporting.config';
import { REPORTING_MIGRATIONS } from './database/migrations';

async function main(): Promise<void> {
  const config = loadServiceConfig(REPORTING_SERVICE, REPORTING_CONFIG_SPEC, { databaseName: REPORTING_DATABASE });
  await bootstrapService({
    serviceName: REPORTING_SERVICE,
    databaseName: REPORTING_DATABASE,
    appModule: ReportingAppModule.register({ config }),
    migrations: REPORTING_MIGRATIONS,
    configSpec: REPORTING_CONFIG_SPEC,
    beforeListen: startEventConsumer,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
