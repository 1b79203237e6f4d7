import { Module } from '@nestjs/common';
import { OccurrencesModule } from '../occurrences';
import { WorkOrderOutcomeHandler } from './work-order-outcome.handler';

@Module({ imports: [OccurrencesModule], controllers: [WorkOrderOutcomeHandler] })
export class WorkOrderOutcomesModule {}
