export { InventoryAlertsModule } from './inventory-alerts.module';
export { ASSET_EVENTS } from './asset-events.subscription';
