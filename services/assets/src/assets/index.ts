export { AssetsModule } from './assets.module';
export { AssetsService, toAssetDto } from './assets.service';
export { Asset, AssetStatusChange, Downtime, ASSET_STATUSES, DOWN_STATUSES } from './asset.entity';
