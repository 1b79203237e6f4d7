export { AssetDirectoryModule } from './asset-directory.module';
export { AssetDirectory, DECOMMISSIONED, type WorkTarget } from './asset-directory.service';
export { KnownAsset, KnownLocation } from './asset-directory.entities';
export { ASSET_EVENTS } from './asset-events.subscription';
