export { WorkOrderAlertsModule } from './work-order-alerts.module';
export { WORK_ORDER_EVENTS } from './work-order-events.subscription';
