import {
  MeterReadingCapturedSchema,
  PartsReservationRequestedSchema,
  WorkOrderAssignedSchema,
  WorkOrderClosedSchema,
  WorkOrderOverdueSchema,
  WorkOrderStatusChangedSchema,
  WorkOrderUpdatedSchema,
  WorkRequestApprovedSchema,
  WorkRequestRejectedSchema,
  WorkRequestSubmittedSchema,
  topicSpecFor,
} from '@mate/contracts';
import { subscribe } from '@mate/messaging';
import { WorkOrderOutcomeHandler } from './work-order-outcome.handler';

const NOT_AN_OUTCOME = 'only a work order\'s creation, completion and cancellation matter to its occurrence';

/** What the PM service consumes from mate.work-orders.v1: the outcome of its occurrences' work orders. */
export const WORK_ORDER_EVENTS = subscribe(topicSpecFor('work-orders'), {
  handlers: [WorkOrderOutcomeHandler],
  ignored: [
    { schema: WorkOrderClosedSchema, reason: 'closing follows completion, which already counted' },
    { schema: MeterReadingCapturedSchema, reason: 'the assets service records the reading and announces it as MeterReadingRecorded, which is what meter triggers read' },
    { schema: PartsReservationRequestedSchema, reason: NOT_AN_OUTCOME },
    { schema: WorkOrderAssignedSchema, reason: NOT_AN_OUTCOME },
    { schema: WorkOrderOverdueSchema, reason: 'compliance judges lateness from due time and completion itself' },
    { schema: WorkOrderStatusChangedSchema, reason: NOT_AN_OUTCOME },
    { schema: WorkOrderUpdatedSchema, reason: NOT_AN_OUTCOME },
    { schema: WorkRequestApprovedSchema, reason: 'work requests are not preventive work' },
    { schema: WorkRequestRejectedSchema, reason: 'work requests are not preventive work' },
    { schema: WorkRequestSubmittedSchema, reason: 'work requests are not preventive work' },
  ],
});
