import { Inject, Injectable } from '@nestjs/common';
import { CsvImporter, type ImportMode, type ImportReport, type Principal } from '@mate/service-kit';
import { CreatePmPlanDto } from '../dtos/pm-plan.dtos';
import { PM_PLAN_IMPORT_COLUMNS, PM_PLAN_READ_ONLY_COLUMNS, pmPlanBodyOfCsv } from '../pm-plan.csv';
import { CreatePmPlan } from './create-pm-plan';

export interface ImportedPmPlan {
  id: string;
  title: string;
}

/**
 * Creates a plan per CSV row through the create path of `POST /pm-plans` (same DTO, same rules,
 * same PmPlanCreated and streams), all in one tenant transaction: all or nothing by default,
 * `partial` keeps the valid rows. Errors name the row (line) and the column.
 */
@Injectable()
export class ImportPmPlans {
  constructor(
    @Inject(CsvImporter) private readonly importer: CsvImporter,
    @Inject(CreatePmPlan) private readonly createPlan: CreatePmPlan,
  ) {}

  execute(principal: Principal, csv: string, mode: ImportMode): Promise<ImportReport<ImportedPmPlan>> {
    return this.importer.run<CreatePmPlanDto, ImportedPmPlan>(principal, csv, mode, async (manager) => ({
      noun: 'PM plans',
      columns: PM_PLAN_IMPORT_COLUMNS,
      required: ['title', 'zone', 'startsAt', 'triggers'],
      requiredOneOf: [['target.assetIds', 'target.category']],
      ignored: PM_PLAN_READ_ONLY_COLUMNS,
      customFields: [],
      dto: CreatePmPlanDto,
      toPlain: pmPlanBodyOfCsv,
      create: async (body) => {
        const plan = await this.createPlan.createIn(manager, principal, body);
        return { id: plan.id, title: plan.title };
      },
    }));
  }
}
