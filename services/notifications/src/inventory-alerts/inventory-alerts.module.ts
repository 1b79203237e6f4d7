import { Module, type DynamicModule } from '@nestjs/common';
import { InventoryAlertsHandler } from './inventory-alerts.handler';
import { ReorderWatchRepository } from './reorder-watch.repository';

/** Alerts from stock levels; the alerts module (with its notifier) is given by the app. */
@Module({})
export class InventoryAlertsModule {
  static register(alerts: DynamicModule): DynamicModule {
    return { module: InventoryAlertsModule, imports: [alerts], controllers: [InventoryAlertsHandler], providers: [ReorderWatchRepository] };
  }
}
