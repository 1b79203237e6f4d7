export { PmAlertsModule } from './pm-alerts.module';
export { PM_EVENTS } from './pm-events.subscription';
