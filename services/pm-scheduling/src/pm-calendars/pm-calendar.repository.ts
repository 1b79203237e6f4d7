import { Injectable } from '@nestjs/common';
import { creationOrder, KeysetPage, type CursorPageQuery, type Page } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { PmCalendar } from './pm-calendar.entity';

/** Every query of the tenant calendars; each runs in the caller's tenant transaction. */
@Injectable()
export class PmCalendarRepository {
  async insert(manager: EntityManager, calendar: PmCalendar): Promise<void> {
    await manager.insert(PmCalendar, calendar);
  }

  async update(manager: EntityManager, calendar: PmCalendar): Promise<void> {
    const { id, tenantId, ...changes } = calendar;
    await manager.update(PmCalendar, { id, tenantId }, changes);
  }

  async delete(manager: EntityManager, calendar: PmCalendar): Promise<void> {
    await manager.delete(PmCalendar, { id: calendar.id, tenantId: calendar.tenantId });
  }

  lockById(manager: EntityManager, tenantId: string, id: string): Promise<PmCalendar | null> {
    return manager.createQueryBuilder(PmCalendar, 'c').where('c.tenant_id = :tenantId and c.id = :id', { tenantId, id }).setLock('pessimistic_write').getOne();
  }

  findById(manager: EntityManager, tenantId: string, id: string): Promise<PmCalendar | null> {
    return manager.findOneBy(PmCalendar, { tenantId, id });
  }

  list(manager: EntityManager, tenantId: string, query: CursorPageQuery): Promise<Page<PmCalendar>> {
    const qb = manager.createQueryBuilder(PmCalendar, 'c').where('c.tenant_id = :tenantId', { tenantId });
    return new KeysetPage(creationOrder('calendars', 'c'), query).fetch(qb);
  }

  async isUsed(manager: EntityManager, tenantId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('select 1 from pm_plans where tenant_id = $1 and calendar_id = $2 limit 1', [tenantId, id]);
    return rows.length > 0;
  }
}
