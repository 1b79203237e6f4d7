export { ConnectionAlertsModule } from './connection-alerts.module';
export { CONNECTION_EVENTS } from './connection-events.subscription';
