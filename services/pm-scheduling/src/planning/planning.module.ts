import { Module } from '@nestjs/common';
import { MeterReadingsModule } from '../meter-readings';
import { PmPlansModule } from '../pm-plans';
import { PlanningController } from './planning.controller';
import { ForecastPmWork } from './use-cases/forecast-pm-work';
import { ListPlanOccurrences } from './use-cases/list-plan-occurrences';
import { PmComplianceReport } from './use-cases/pm-compliance-report';

/** Registered before PmPlansModule: its static routes (/pm-plans/forecast, /compliance) must win over /pm-plans/:id. */
@Module({ imports: [PmPlansModule, MeterReadingsModule], controllers: [PlanningController], providers: [ForecastPmWork, PmComplianceReport, ListPlanOccurrences] })
export class PlanningModule {}
