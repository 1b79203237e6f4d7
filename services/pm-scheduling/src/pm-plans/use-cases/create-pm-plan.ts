import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { PlanStreams } from '../../streams/plan-streams';
import type { CreatePmPlanDto } from '../dtos/pm-plan.dtos';
import { PmPlanChanges } from '../pm-plan.changes';
import type { PmPlan } from '../pm-plan.entity';
import { PmPlanRepository } from '../pm-plan.repository';
import { ValidatedPlanInput } from './validated-plan-input';

/** A new plan (version 1) with one stream per targeted asset, starting now. */
@Injectable()
export class CreatePmPlan {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ValidatedPlanInput) private readonly inputs: ValidatedPlanInput,
    @Inject(PmPlanChanges) private readonly changes: PmPlanChanges,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(PlanStreams) private readonly streams: PlanStreams,
  ) {}

  execute(principal: Principal, body: CreatePmPlanDto): Promise<PmPlan> {
    return this.transactions.run(principal, (manager) => this.createIn(manager, principal, body));
  }

  /** The same, in the caller's tenant transaction (the CSV import creates each row this way). */
  async createIn(manager: EntityManager, principal: Principal, body: CreatePmPlanDto): Promise<PmPlan> {
    const input = await this.inputs.of(manager, principal.tenantId, body);
    const now = new Date();
    const plan: PmPlan = {
      id: randomUUID(),
      tenantId: principal.tenantId,
      ...input,
      active: body.active ?? true,
      version: 1,
      createdBy: principal.subject,
      createdAt: now,
      updatedAt: now,
    };
    await this.changes.created(manager, plan);
    const scheduled = (await this.plans.scheduledPlans(manager, plan.tenantId, [plan.id])).get(plan.id)!;
    await this.streams.sync(manager, plan, scheduled.definition, now);
    return plan;
  }
}
