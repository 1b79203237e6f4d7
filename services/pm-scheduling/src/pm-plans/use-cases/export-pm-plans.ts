import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ExportStreamer, type Principal } from '@mate/service-kit';
import { PM_PLAN_EXPORT_COLUMNS, pmPlanCsvRow } from '../pm-plan.csv';
import { PmPlan } from '../pm-plan.entity';
import { toPmPlanDto } from '../pm-plan.mapper';
import { PmPlanRepository } from '../pm-plan.repository';

/** Every plan of the tenant as CSV (the layout of pm-plan.csv.ts), streamed from one snapshot. */
@Injectable()
export class ExportPmPlans {
  constructor(
    @Inject(ExportStreamer) private readonly exporter: ExportStreamer,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
  ) {}

  execute(principal: Principal): Promise<Readable> {
    return this.exporter.open<PmPlan>(principal, 'csv', async (manager) => ({
      entity: PmPlan,
      query: this.plans.exportQuery(manager, principal.tenantId),
      items: (plans) => plans.map(toPmPlanDto),
      header: PM_PLAN_EXPORT_COLUMNS,
      rows: async (plans) => plans.map((plan) => pmPlanCsvRow(toPmPlanDto(plan))),
    }));
  }
}
