import { Module } from '@nestjs/common';
import { WorkOrdersModule } from '../work-orders';
import { TransitionsController } from './transitions.controller';
import { TransitionsService } from './transitions.service';

@Module({
  imports: [WorkOrdersModule],
  controllers: [TransitionsController],
  providers: [TransitionsService],
})
export class TransitionsModule {}
