import {
  PmOccurrenceDueSchema,
  PmOccurrenceSkippedSchema,
  PmPlanCreatedSchema,
  PmPlanDeletedSchema,
  PmPlanPausedSchema,
  PmPlanResumedSchema,
  PmPlanUpdatedSchema,
  PmStreamPausedSchema,
  topicSpecFor,
} from '@mate/contracts';
import { subscribe } from '@mate/messaging';
import { PmEventsHandler } from './pm-events.handler';

const PLANNING = 'planning changes are made by people who know of them; only missed work is alerted';

/** What the notifications service consumes from mate.pm-scheduling.v1: missed occurrences. */
export const PM_EVENTS = subscribe(topicSpecFor('pm-scheduling'), {
  handlers: [PmEventsHandler],
  ignored: [
    { schema: PmOccurrenceDueSchema, reason: 'a due occurrence becomes a work order, whose assignment is alerted' },
    { schema: PmOccurrenceSkippedSchema, reason: 'a skip is a policy decision (holiday, season, overlap), not missed work' },
    { schema: PmPlanCreatedSchema, reason: PLANNING },
    { schema: PmPlanUpdatedSchema, reason: PLANNING },
    { schema: PmPlanPausedSchema, reason: PLANNING },
    { schema: PmPlanResumedSchema, reason: PLANNING },
    { schema: PmPlanDeletedSchema, reason: PLANNING },
    { schema: PmStreamPausedSchema, reason: PLANNING },
  ],
});
