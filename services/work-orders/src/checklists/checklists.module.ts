import { Module } from '@nestjs/common';
import { WorkOrdersModule } from '../work-orders';
import { ChecklistsController } from './checklists.controller';
import { ChecklistsService } from './checklists.service';

@Module({
  imports: [WorkOrdersModule],
  controllers: [ChecklistsController],
  providers: [ChecklistsService],
})
export class ChecklistsModule {}
