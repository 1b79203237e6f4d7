import { Module } from '@nestjs/common';
import { AssetDirectoryModule } from '../asset-directory';
import { WorkOrdersModule } from '../work-orders';
import { PmOccurrenceHandler } from './pm-occurrence.handler';
import { CreatePmWorkOrder } from './use-cases/create-pm-work-order';

@Module({
  imports: [WorkOrdersModule, AssetDirectoryModule],
  controllers: [PmOccurrenceHandler],
  providers: [CreatePmWorkOrder],
})
export class PmWorkModule {}
