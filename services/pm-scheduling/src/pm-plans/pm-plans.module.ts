import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { CSV_IMPORT_MAX_ROWS, csvBodyParser, CsvImporter, ExportStreamer } from '@mate/service-kit';
import { OccurrenceRecorder } from '../occurrences/occurrence-recorder';
import { StreamRepository } from '../occurrences/stream.repository';
import { PlanStreams } from '../streams/plan-streams';
import { PmPlanChanges } from './pm-plan.changes';
import { PmPlanRepository } from './pm-plan.repository';
import { PmPlansController } from './pm-plans.controller';
import { CreatePmPlan } from './use-cases/create-pm-plan';
import { DeletePmPlan } from './use-cases/delete-pm-plan';
import { ExportPmPlans } from './use-cases/export-pm-plans';
import { GetPmPlans } from './use-cases/get-pm-plan';
import { ImportPmPlans } from './use-cases/import-pm-plans';
import { PreviewPmPlan } from './use-cases/preview-pm-plan';
import { ReplacePmPlan } from './use-cases/replace-pm-plan';
import { SetPmPlanActive } from './use-cases/set-pm-plan-active';
import { TriggerPmPlanNow } from './use-cases/trigger-pm-plan-now';
import { ValidatedPlanInput } from './use-cases/validated-plan-input';

const SHARED = [PmPlanRepository, StreamRepository, OccurrenceRecorder, PlanStreams];

/** Most rows of one CSV import (each creates a plan and its streams in the one import transaction). */
const IMPORT_MAX_ROWS = 5_000;
/** CSV bodies are read by their own parser, up to this size. */
const CSV_IMPORT_LIMIT = '10mb';
const IMPORT_EXPORT = [CsvImporter, ExportStreamer, { provide: CSV_IMPORT_MAX_ROWS, useValue: IMPORT_MAX_ROWS }, ImportPmPlans, ExportPmPlans];

@Module({
  controllers: [PmPlansController],
  providers: [...SHARED, ...IMPORT_EXPORT, PmPlanChanges, ValidatedPlanInput, CreatePmPlan, ReplacePmPlan, GetPmPlans, DeletePmPlan, SetPmPlanActive, PreviewPmPlan, TriggerPmPlanNow],
  exports: SHARED,
})
export class PmPlansModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(csvBodyParser(CSV_IMPORT_LIMIT)).forRoutes({ path: 'pm-plans/import', method: RequestMethod.POST });
  }
}
