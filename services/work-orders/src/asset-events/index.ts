export { AssetEventsModule } from './asset-events.module';
export { ASSET_EVENTS } from './asset-events.subscription';
