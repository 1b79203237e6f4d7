import {
  PmOccurrenceDueSchema,
  PmOccurrenceSkippedSchema,
  PmOccurrencesMissedSchema,
  PmPlanCreatedSchema,
  PmPlanDeletedSchema,
  PmPlanPausedSchema,
  PmPlanResumedSchema,
  PmPlanUpdatedSchema,
  PmStreamPausedSchema,
  topicSpecFor,
  type PmOccurrenceDue,
} from '@mate/contracts';
import { EventContext, OnEvent, PermanentEventError, subscribe } from '@mate/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { optionalTime, timeField } from './event-fields';
import { Projection } from './projection';
import { FactWriter } from './fact-writer';

/**
 * PM occurrences (mate.pm-scheduling.v1) → pm_occurrence_facts. The events carry no interval, so
 * the grace of PM compliance takes the plan's interval as the time since its previous occurrence
 * (none for a plan's first occurrence: no grace).
 */
@Controller()
export class PmOccurrenceFactsHandler {
  constructor(@Inject(Projection) private readonly projection: Projection) {}

  @OnEvent(PmOccurrenceDueSchema)
  async onOccurrenceDue(@Payload() event: PmOccurrenceDue, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    if (!event.planId || !event.occurrenceId) throw new PermanentEventError('plan_id and occurrence_id are required');
    await FactWriter.upsertPmOccurrence(ctx.manager, ctx.tenantId, {
      occurrenceId: event.occurrenceId,
      planId: event.planId,
      occurrenceAt: timeField(event.occurrenceAt, 'occurrence_at'),
      dueAt: optionalTime(event.dueAt),
    });
  }
}

/** What reporting consumes from mate.pm-scheduling.v1. */
const NOT_YET = 'not read by the KPIs yet (PM compliance counts PM work orders due, from the work-orders events)';

export const PM_EVENTS = subscribe(topicSpecFor('pm-scheduling'), {
  handlers: [PmOccurrenceFactsHandler],
  ignored: [
    { schema: PmOccurrenceSkippedSchema, reason: NOT_YET },
    { schema: PmOccurrencesMissedSchema, reason: NOT_YET },
    { schema: PmPlanCreatedSchema, reason: NOT_YET },
    { schema: PmPlanUpdatedSchema, reason: NOT_YET },
    { schema: PmPlanPausedSchema, reason: NOT_YET },
    { schema: PmPlanResumedSchema, reason: NOT_YET },
    { schema: PmPlanDeletedSchema, reason: NOT_YET },
    { schema: PmStreamPausedSchema, reason: NOT_YET },
  ],
});
