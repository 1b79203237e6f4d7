// Run with `node -r @swc-node/register services/work-orders/src/main.ts` (decorator metadata needed).
import './instrument';
import { startEventConsumer } from '@mate/messaging';
import { bootstrapService, loadServiceConfig } from '@mate/service-kit';
import { WorkOrdersAppModule } from './app.module';
import { SERVICE_NAME, WORK_ORDERS_CONFIG_SPEC } from './config/work-orders.config';
import { WORK_ORDERS_MIGRATIONS } from './database/migrations';
import { IMPORT_PATH } from './import-export';

async function main(): Promise<void> {
  const config = loadServiceConfig(SERVICE_NAME, WORK_ORDERS_CONFIG_SPEC);
  await bootstrapService({
    serviceName: SERVICE_NAME,
    appModule: WorkOrdersAppModule.register({ config }),
    migrations: WORK_ORDERS_MIGRATIONS,
    configSpec: WORK_ORDERS_CONFIG_SPEC,
    bodyLimits: { [IMPORT_PATH]: '20mb' },
    beforeListen: startEventConsumer,
  });
}

void main();
