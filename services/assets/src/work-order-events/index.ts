export { WorkOrderEventsModule } from './work-order-events.module';
export { connectAssetsEventTransport } from './event-transport';
