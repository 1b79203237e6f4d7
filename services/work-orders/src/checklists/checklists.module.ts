import { Module } from '@nestjs/common';
import { WorkOrdersModule } from '../work-orders';
import { ChecklistsController } from './checklists.controller';
import { ChecklistsService } from './checklists.service';
import { RecordChecklistAnswer } from './use-cases/record-checklist-answer';

@Module({
  imports: [WorkOrdersModule],
  controllers: [ChecklistsController],
  providers: [ChecklistsService, RecordChecklistAnswer],
})
export class ChecklistsModule {}
