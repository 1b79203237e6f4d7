import { Module } from '@nestjs/common';
import { OccurrenceRecorder } from '../occurrences/occurrence-recorder';
import { StreamRepository } from '../occurrences/stream.repository';
import { PlanStreams } from '../streams/plan-streams';
import { PmPlanChanges } from './pm-plan.changes';
import { PmPlanRepository } from './pm-plan.repository';
import { PmPlansController } from './pm-plans.controller';
import { CreatePmPlan } from './use-cases/create-pm-plan';
import { DeletePmPlan } from './use-cases/delete-pm-plan';
import { GetPmPlans } from './use-cases/get-pm-plan';
import { PreviewPmPlan } from './use-cases/preview-pm-plan';
import { ReplacePmPlan } from './use-cases/replace-pm-plan';
import { SetPmPlanActive } from './use-cases/set-pm-plan-active';
import { TriggerPmPlanNow } from './use-cases/trigger-pm-plan-now';
import { ValidatedPlanInput } from './use-cases/validated-plan-input';

const SHARED = [PmPlanRepository, StreamRepository, OccurrenceRecorder, PlanStreams];

@Module({
  controllers: [PmPlansController],
  providers: [...SHARED, PmPlanChanges, ValidatedPlanInput, CreatePmPlan, ReplacePmPlan, GetPmPlans, DeletePmPlan, SetPmPlanActive, PreviewPmPlan, TriggerPmPlanNow],
  exports: SHARED,
})
export class PmPlansModule {}
