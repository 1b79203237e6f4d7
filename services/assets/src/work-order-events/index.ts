export { WorkOrderEventsModule } from './work-order-events.module';
