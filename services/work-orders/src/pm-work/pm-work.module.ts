import { Module } from '@nestjs/common';
import { AssetDirectoryModule } from '../asset-directory';
import { TransitionsModule } from '../transitions';
import { WorkOrdersModule } from '../work-orders';
import { PmOccurrenceHandler } from './pm-occurrence.handler';
import { CreatePmWorkOrder } from './use-cases/create-pm-work-order';
import { SupersedeReplacedPmWork } from './use-cases/supersede-replaced-pm-work';

@Module({
  imports: [WorkOrdersModule, AssetDirectoryModule, TransitionsModule],
  controllers: [PmOccurrenceHandler],
  providers: [CreatePmWorkOrder, SupersedeReplacedPmWork],
})
export class PmWorkModule {}
