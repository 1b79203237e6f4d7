import { Module } from '@nestjs/common';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { LocationsModule } from '../locations/locations.module';
import { AssetHistoryService } from './asset-history.service';
import { AssetsController } from './assets.controller';
import { AssetsService } from './assets.service';

@Module({
  imports: [CustomFieldsModule, LocationsModule],
  controllers: [AssetsController],
  providers: [AssetsService, AssetHistoryService],
  exports: [AssetsService],
})
export class AssetsModule {}
