export { AssetDirectoryModule } from './asset-directory.module';
export { AssetDirectory, type WorkTarget } from './asset-directory';
export { AssetDirectoryException } from './asset-directory.exception';
export { AssetDirectoryRepository, type AssetRow, type LocationRow } from './asset-directory.repository';
export { KnownAsset, KnownLocation } from './asset-directory.entities';
export { ApplyAssetEvent, type AssetEventKind } from './use-cases/apply-asset-event';
export { ApplyLocationEvent } from './use-cases/apply-location-event';
