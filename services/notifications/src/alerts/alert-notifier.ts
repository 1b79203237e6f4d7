import type { EntityManager } from 'typeorm';
import type { AlertNotificationType } from '../channels';
import type { Alert } from './alert.entity';

/**
 * Schedules the deliveries an alert's change causes, in the caller's transaction (rows only: the
 * sending happens later on the job queue, never in an event handler).
 */
export abstract class AlertNotifier {
  abstract schedule(manager: EntityManager, alert: Alert, notification: AlertNotificationType): Promise<void>;
}
