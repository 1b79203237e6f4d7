export { AssetDirectoryModule } from './asset-directory.module';
export { ASSET_EVENTS } from './asset-events.subscription';
