import { Inject, Injectable } from '@nestjs/common';
import { ProblemException } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { workCalendarOf } from '../../pm-calendars/pm-calendar.entity';
import { PlanStreams } from '../../streams/plan-streams';
import type { PmPlanBodyDto } from '../dtos/pm-plan.dtos';
import { planInputOf, type PlanInput } from '../pm-plan.input';
import { PmPlanRepository } from '../pm-plan.repository';

/**
 * A plan body checked against everything, in the caller's transaction: its rules (planInputOf),
 * that its calendar and assets belong to the tenant. Any problem answers 400 naming the fields,
 * before anything changes.
 */
@Injectable()
export class ValidatedPlanInput {
  constructor(
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(PlanStreams) private readonly streams: PlanStreams,
  ) {}

  async of(manager: EntityManager, tenantId: string, body: PmPlanBodyDto): Promise<PlanInput> {
    const calendar = body.calendarId === undefined ? null : await this.plans.findCalendar(manager, tenantId, body.calendarId);
    if (body.calendarId !== undefined && calendar === null) {
      throw ProblemException.validation([{ field: 'calendarId', message: `calendar ${body.calendarId} is not known` }]);
    }
    const result = planInputOf(body, workCalendarOf(calendar));
    if ('errors' in result) throw ProblemException.validation(result.errors);
    const targetErrors = await this.streams.targetErrors(manager, tenantId, result.input.target);
    if (targetErrors.length > 0) throw ProblemException.validation(targetErrors);
    return result.input;
  }
}
