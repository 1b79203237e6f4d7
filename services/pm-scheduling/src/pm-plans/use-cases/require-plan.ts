import type { EntityManager } from 'typeorm';
import type { PmPlan } from '../pm-plan.entity';
import { PmPlanException, PmPlanExceptionCode } from '../pm-plan.exception';
import type { PmPlanRepository } from '../pm-plan.repository';

/** The tenant's plan (locked for a change when asked), or 404: another tenant's is not found either. */
export async function requirePlan(plans: PmPlanRepository, manager: EntityManager, tenantId: string, id: string, { lock = false } = {}): Promise<PmPlan> {
  const plan = lock ? await plans.lockById(manager, tenantId, id) : await plans.findById(manager, tenantId, id);
  if (!plan) throw new PmPlanException(PmPlanExceptionCode.NOT_FOUND, 'PM plan not found');
  return plan;
}
