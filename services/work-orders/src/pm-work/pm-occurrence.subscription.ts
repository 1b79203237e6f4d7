import { topicSpecFor } from '@mate/contracts';
import { subscribe } from '@mate/messaging';
import { PmOccurrenceHandler } from './pm-occurrence.handler';

/** What the work-orders service consumes from mate.pm-scheduling.v1: occurrences due, each becoming a work order. */
export const PM_OCCURRENCE_EVENTS = subscribe(topicSpecFor('pm-scheduling'), { handlers: [PmOccurrenceHandler] });
