export { WorkOrderEventsModule } from './work-order-events.module';
export { WORK_ORDER_EVENTS } from './work-order-events.subscription';
