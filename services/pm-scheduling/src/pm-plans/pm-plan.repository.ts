import { Injectable } from '@nestjs/common';
import { creationOrder, KeysetPage, type CursorPageQuery, type Page } from '@mate/service-kit';
import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { PmCalendar, workCalendarOf } from '../pm-calendars/pm-calendar.entity';
import type { ScheduleDefinition } from '../schedule';
import { PmPlan } from './pm-plan.entity';
import { scheduleDefinitionOf } from './pm-plan.model';

/** A plan with the engine's view of its schedule (its tenant calendar resolved). */
export interface ScheduledPlan {
  plan: PmPlan;
  definition: ScheduleDefinition;
}

/** Every query of the PM plan aggregate; each runs in the caller's (tenant) transaction. */
@Injectable()
export class PmPlanRepository {
  async insert(manager: EntityManager, plan: PmPlan): Promise<void> {
    await manager.insert(PmPlan, plan);
  }

  async update(manager: EntityManager, plan: PmPlan): Promise<void> {
    const { id, tenantId, ...changes } = plan;
    await manager.update(PmPlan, { id, tenantId }, changes);
  }

  async delete(manager: EntityManager, plan: PmPlan): Promise<void> {
    await manager.delete(PmPlan, { id: plan.id, tenantId: plan.tenantId });
  }

  /** The plan, or null when the tenant has none with that id. */
  findById(manager: EntityManager, tenantId: string, id: string): Promise<PmPlan | null> {
    return manager.findOneBy(PmPlan, { tenantId, id });
  }

  /** The plan locked for a change, or null. */
  lockById(manager: EntityManager, tenantId: string, id: string): Promise<PmPlan | null> {
    return manager.createQueryBuilder(PmPlan, 'p').where('p.tenant_id = :tenantId and p.id = :id', { tenantId, id }).setLock('pessimistic_write').getOne();
  }

  list(manager: EntityManager, tenantId: string, query: CursorPageQuery): Promise<Page<PmPlan>> {
    const qb = manager.createQueryBuilder(PmPlan, 'p').where('p.tenant_id = :tenantId', { tenantId });
    return new KeysetPage(creationOrder('plans', 'p'), query).fetch(qb);
  }

  /** Every plan of the tenant in creation order: what the CSV export reads through its cursor. */
  exportQuery(manager: EntityManager, tenantId: string): SelectQueryBuilder<PmPlan> {
    return manager.createQueryBuilder(PmPlan, 'p').where('p.tenant_id = :tenantId', { tenantId }).orderBy('p.created_at', 'ASC').addOrderBy('p.id', 'ASC');
  }

  /** Plans whose target is a category (an asset event may change their streams). */
  findCategoryPlans(manager: EntityManager, tenantId: string): Promise<PmPlan[]> {
    return manager.createQueryBuilder(PmPlan, 'p').where(`p.tenant_id = :tenantId and p.target->>'kind' = 'category'`, { tenantId }).getMany();
  }

  findCalendar(manager: EntityManager, tenantId: string, id: string): Promise<PmCalendar | null> {
    return manager.findOneBy(PmCalendar, { tenantId, id });
  }

  /** Plans by id with their schedules, for the engine. */
  async scheduledPlans(manager: EntityManager, tenantId: string, ids: string[]): Promise<Map<string, ScheduledPlan>> {
    if (ids.length === 0) return new Map();
    const plans = await manager.findBy(PmPlan, { tenantId, id: In([...new Set(ids)]) });
    const calendarIds = [...new Set(plans.map((plan) => plan.calendarId).filter((id): id is string => id !== null))];
    const calendars = calendarIds.length === 0 ? [] : await manager.findBy(PmCalendar, { tenantId, id: In(calendarIds) });
    const calendarById = new Map(calendars.map((calendar) => [calendar.id, calendar]));
    return new Map(
      plans.map((plan) => [
        plan.id,
        { plan, definition: scheduleDefinitionOf(plan, workCalendarOf(plan.calendarId === null ? null : (calendarById.get(plan.calendarId) ?? null))) },
      ]),
    );
  }
}
