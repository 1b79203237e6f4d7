import { Module } from '@nestjs/common';
import { AssetDirectoryModule } from '../asset-directory';
import { WorkOrdersModule } from '../work-orders';
import { PmOccurrenceHandler } from './pm-occurrence.handler';

@Module({
  imports: [WorkOrdersModule, AssetDirectoryModule],
  controllers: [PmOccurrenceHandler],
})
export class PmWorkModule {}
