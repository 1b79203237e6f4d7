import { Module } from '@nestjs/common';
import { AssetDirectoryModule } from '../asset-directory';
import { FollowAssetMove } from '../work-orders/use-cases/follow-asset-move';
import { AssetEventsHandler } from './asset-events.handler';

/** Consumes the assets service's events: the read model (asset-directory) and the work that follows its asset. */
@Module({
  imports: [AssetDirectoryModule],
  controllers: [AssetEventsHandler],
  providers: [FollowAssetMove],
})
export class AssetEventsModule {}
