import {
  PmOccurrenceSkippedSchema,
  PmOccurrencesMissedSchema,
  PmPlanCreatedSchema,
  PmPlanDeletedSchema,
  PmPlanPausedSchema,
  PmPlanResumedSchema,
  PmPlanUpdatedSchema,
  PmStreamPausedSchema,
  topicSpecFor,
} from '@mate/contracts';
import { subscribe } from '@mate/messaging';
import { PmOccurrenceHandler } from './pm-occurrence.handler';

const PLAN_BOOKKEEPING = 'plans and their streams are the PM service\'s business; work orders follow only occurrences that are due';
const NOTHING_TO_CREATE = 'no occurrence became due, so there is no work order to create';

/** What the work-orders service consumes from mate.pm-scheduling.v1: occurrences due, each becoming a work order. */
export const PM_OCCURRENCE_EVENTS = subscribe(topicSpecFor('pm-scheduling'), {
  handlers: [PmOccurrenceHandler],
  ignored: [
    { schema: PmOccurrenceSkippedSchema, reason: NOTHING_TO_CREATE },
    { schema: PmOccurrencesMissedSchema, reason: NOTHING_TO_CREATE },
    { schema: PmPlanCreatedSchema, reason: PLAN_BOOKKEEPING },
    { schema: PmPlanUpdatedSchema, reason: PLAN_BOOKKEEPING },
    { schema: PmPlanPausedSchema, reason: PLAN_BOOKKEEPING },
    { schema: PmPlanResumedSchema, reason: PLAN_BOOKKEEPING },
    { schema: PmPlanDeletedSchema, reason: PLAN_BOOKKEEPING },
    { schema: PmStreamPausedSchema, reason: PLAN_BOOKKEEPING },
  ],
});
