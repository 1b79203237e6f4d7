import { Module } from '@nestjs/common';
import { WorkOrdersModule } from '../work-orders';
import { LabourAndCostsController } from './labour-and-costs.controller';
import { LabourAndCostsService } from './labour-and-costs.service';

@Module({
  imports: [WorkOrdersModule],
  controllers: [LabourAndCostsController],
  providers: [LabourAndCostsService],
})
export class LabourAndCostsModule {}
