import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, TenantTransactions, type CursorPageQuery, type Page, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { IsoWeekday } from '../schedule';
import type { PmCalendarBodyDto } from './dtos/pm-calendar.dtos';
import { PmCalendar } from './pm-calendar.entity';
import { PmCalendarRepository } from './pm-calendar.repository';

/**
 * Tenant calendars: working days, holidays and what happens to an occurrence on a day off.
 * A plan reads its calendar each time the engine steps it, so a change applies from the next step.
 */
@Injectable()
export class PmCalendarsService {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(PmCalendarRepository) private readonly calendars: PmCalendarRepository,
  ) {}

  create(principal: Principal, body: PmCalendarBodyDto): Promise<PmCalendar> {
    return this.transactions.run(principal, async (manager) => {
      const now = new Date();
      const calendar: PmCalendar = {
        id: randomUUID(),
        tenantId: principal.tenantId,
        ...this.fieldsOf(body),
        version: 1,
        createdBy: principal.subject,
        createdAt: now,
        updatedAt: now,
      };
      await this.calendars.insert(manager, calendar);
      return calendar;
    });
  }

  get(principal: Principal, id: string): Promise<PmCalendar> {
    return this.transactions.run(principal, (manager) => this.require(manager, principal.tenantId, id));
  }

  list(principal: Principal, query: CursorPageQuery): Promise<Page<PmCalendar>> {
    return this.transactions.run(principal, (manager) => this.calendars.list(manager, principal.tenantId, query));
  }

  replace(principal: Principal, id: string, body: PmCalendarBodyDto, precondition: VersionPrecondition): Promise<PmCalendar> {
    return this.transactions.run(principal, async (manager) => {
      const current = await this.require(manager, principal.tenantId, id, true);
      precondition.assertMatches(current.version);
      const calendar = { ...current, ...this.fieldsOf(body), version: current.version + 1, updatedAt: new Date() };
      await this.calendars.update(manager, calendar);
      return calendar;
    });
  }

  remove(principal: Principal, id: string, precondition: VersionPrecondition): Promise<void> {
    return this.transactions.run(principal, async (manager) => {
      const calendar = await this.require(manager, principal.tenantId, id, true);
      precondition.assertMatches(calendar.version);
      if (await this.calendars.isUsed(manager, principal.tenantId, id)) throw ProblemException.conflict('a PM plan uses this calendar: change the plan first');
      await this.calendars.delete(manager, calendar);
    });
  }

  private fieldsOf(body: PmCalendarBodyDto) {
    return {
      name: body.name,
      workingDays: [...body.workingDays].sort() as IsoWeekday[],
      holidays: [...new Set(body.holidays)].sort(),
      nonWorkingDayRule: body.nonWorkingDayRule,
    };
  }

  private async require(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<PmCalendar> {
    const calendar = lock ? await this.calendars.lockById(manager, tenantId, id) : await this.calendars.findById(manager, tenantId, id);
    if (!calendar) throw ProblemException.notFound('PM calendar not found');
    return calendar;
  }
}
