import { Module } from '@nestjs/common';
import { AssetDirectory } from './asset-directory';
import { ApplyAssetEvent } from './use-cases/apply-asset-event';
import { ApplyLocationEvent } from './use-cases/apply-location-event';

const PROVIDERS = [AssetDirectory, ApplyAssetEvent, ApplyLocationEvent];

@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class AssetDirectoryModule {}
