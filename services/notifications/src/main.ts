// Run with `node -r @swc-node/register services/notifications/src/main.ts` (decorator metadata needed).
import './instrument';
import { startEventConsumer } from '@mate/messaging';
import { bootstrapService, loadServiceConfig } from '@mate/service-kit';
import { NotificationsAppModule } from './app.module';
import { NOTIFICATIONS_CONFIG_SPEC, NOTIFICATIONS_DATABASE, NOTIFICATIONS_SERVICE } from './config/notifications.config';
import { NOTIFICATIONS_MIGRATIONS } from './database/migrations';

async function main(): Promise<void> {
  const config = loadServiceConfig(NOTIFICATIONS_SERVICE, NOTIFICATIONS_CONFIG_SPEC, { databaseName: NOTIFICATIONS_DATABASE });
  await bootstrapService({
    serviceName: NOTIFICATIONS_SERVICE,
    databaseName: NOTIFICATIONS_DATABASE,
    appModule: NotificationsAppModule.register({ config }),
    migrations: NOTIFICATIONS_MIGRATIONS,
    configSpec: NOTIFICATIONS_CONFIG_SPEC,
    beforeListen: startEventConsumer,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
