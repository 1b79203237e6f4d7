export { DeadLetterAlertsModule } from './dead-letter-alerts.module';
