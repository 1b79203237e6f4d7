export { WorkOrderOutcomesModule } from './work-order-outcomes.module';
export { WORK_ORDER_EVENTS } from './work-order-events.subscription';
