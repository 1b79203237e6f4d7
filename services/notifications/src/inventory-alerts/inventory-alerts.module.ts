import { Module, type DynamicModule } from '@nestjs/common';
import { AssetEventsHandler } from './asset-events.handler';
import { ReorderWatchRepository } from './reorder-watch.repository';
import { FollowPartStock } from './use-cases/follow-part-stock';

/** Alerts from stock levels; the alerts module (with its notifier) is given by the app. */
@Module({})
export class InventoryAlertsModule {
  static register(alerts: DynamicModule): DynamicModule {
    return { module: InventoryAlertsModule, imports: [alerts], controllers: [AssetEventsHandler], providers: [ReorderWatchRepository, FollowPartStock] };
  }
}
