import {
  topicSpecFor,
  WorkOrderAssignedSchema,
  WorkOrderClosedSchema,
  WorkOrderCreatedSchema,
  WorkOrderOverdueSchema,
  WorkOrderStatusChangedSchema,
  WorkOrderUpdatedSchema,
  WorkRequestApprovedSchema,
  WorkRequestRejectedSchema,
  WorkRequestSubmittedSchema,
} from '@mate/contracts';
import { subscribe } from '@mate/messaging';
import { WorkOrderEventsHandler } from './work-order-events.handler';

const LIFECYCLE = 'stock, meters and downtime change only when parts are reserved, used or released, a reading is captured, or a work order is completed or cancelled';
const REQUESTS = 'a work request touches no asset, part or meter until it becomes a work order';

/** What the assets service consumes from mate.work-orders.v1: parts reserved, used and released; meter readings; the downtime of completed and cancelled work orders. */
export const WORK_ORDER_EVENTS = subscribe(topicSpecFor('work-orders'), {
  handlers: [WorkOrderEventsHandler],
  ignored: [
    { schema: WorkOrderCreatedSchema, reason: LIFECYCLE },
    { schema: WorkOrderUpdatedSchema, reason: LIFECYCLE },
    { schema: WorkOrderAssignedSchema, reason: LIFECYCLE },
    { schema: WorkOrderStatusChangedSchema, reason: LIFECYCLE },
    { schema: WorkOrderOverdueSchema, reason: LIFECYCLE },
    { schema: WorkOrderClosedSchema, reason: 'parts were issued on completion already' },
    { schema: WorkRequestSubmittedSchema, reason: REQUESTS },
    { schema: WorkRequestApprovedSchema, reason: REQUESTS },
    { schema: WorkRequestRejectedSchema, reason: REQUESTS },
  ],
});
