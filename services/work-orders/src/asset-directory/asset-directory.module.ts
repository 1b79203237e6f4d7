import { Module } from '@nestjs/common';
import { AssetDirectory } from './asset-directory.service';
import { AssetEventsHandler } from './asset-events.handler';

@Module({
  controllers: [AssetEventsHandler],
  providers: [AssetDirectory],
  exports: [AssetDirectory],
})
export class AssetDirectoryModule {}
