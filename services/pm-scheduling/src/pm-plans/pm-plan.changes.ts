import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import { StreamRepository } from '../occurrences/stream.repository';
import type { PmPlan } from './pm-plan.entity';
import { pmPlanCreated, pmPlanDeleted, pmPlanPaused, pmPlanResumed, pmPlanUpdated } from './pm-plan.events';
import { PmPlanRepository } from './pm-plan.repository';

/**
 * The one place that records a change of a PM plan: the row (version + 1), the plan's event in
 * the outbox and the plan flag its streams carry, in the caller's transaction.
 */
@Injectable()
export class PmPlanChanges {
  constructor(
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(StreamRepository) private readonly streams: StreamRepository,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
  ) {}

  async created(manager: EntityManager, plan: PmPlan): Promise<void> {
    await this.plans.insert(manager, plan);
    await this.outbox.append(manager, [pmPlanCreated(plan, plan.createdBy)]);
  }

  async updated(manager: EntityManager, plan: PmPlan, actor: string): Promise<PmPlan> {
    const next = this.bumped(plan);
    await this.plans.update(manager, next);
    await this.outbox.append(manager, [pmPlanUpdated(next, actor)]);
    return next;
  }

  async activeSet(manager: EntityManager, plan: PmPlan, active: boolean, actor: string): Promise<PmPlan> {
    const next = this.bumped({ ...plan, active });
    await this.plans.update(manager, next);
    await this.streams.setPlanActive(manager, next.tenantId, next.id, active);
    await this.outbox.append(manager, [active ? pmPlanResumed(next, actor) : pmPlanPaused(next, actor)]);
    return next;
  }

  async deleted(manager: EntityManager, plan: PmPlan, actor: string): Promise<void> {
    await this.plans.delete(manager, plan);
    await this.outbox.append(manager, [pmPlanDeleted(plan, actor)]);
  }

  private bumped(plan: PmPlan): PmPlan {
    return { ...plan, version: plan.version + 1, updatedAt: new Date() };
  }
}
