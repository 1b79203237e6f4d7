import {
  MeterReadingCapturedSchema,
  PartsReservationRequestedSchema,
  topicSpecFor,
  WorkOrderClosedSchema,
  WorkOrderCreatedSchema,
  WorkOrderStatusChangedSchema,
  WorkOrderUpdatedSchema,
} from '@mate/contracts';
import { subscribe } from '@mate/messaging';
import { WorkOrderEventsHandler } from './work-order-events.handler';
import { WorkRequestEventsHandler } from './work-request-events.handler';

const NOT_ALERTS = 'not a change anyone is alerted to: assignment, overdue, completion and cancellation are';

/** What the notifications service consumes from mate.work-orders.v1: assignments, overdue work, ends of work, work request decisions. */
export const WORK_ORDER_EVENTS = subscribe(topicSpecFor('work-orders'), {
  handlers: [WorkOrderEventsHandler, WorkRequestEventsHandler],
  ignored: [
    { schema: WorkOrderCreatedSchema, reason: NOT_ALERTS },
    { schema: WorkOrderUpdatedSchema, reason: NOT_ALERTS },
    { schema: WorkOrderStatusChangedSchema, reason: NOT_ALERTS },
    { schema: WorkOrderClosedSchema, reason: 'its alerts were resolved when it was completed' },
    { schema: MeterReadingCapturedSchema, reason: 'readings are the assets service’s (it alerts through PM and stock events)' },
    { schema: PartsReservationRequestedSchema, reason: 'stock shortfalls reach us as PartBelowReorderPoint from the assets service' },
  ],
});
