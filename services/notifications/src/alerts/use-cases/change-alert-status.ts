import { Inject, Injectable } from '@nestjs/common';
import { assertUnreachable, TenantTransactions, type Principal } from '@mate/service-kit';
import { AlertChanges } from '../alert.changes';
import type { Alert } from '../alert.entity';
import { AlertException, AlertExceptionCode } from '../alert.exception';
import { AlertNotifier } from '../alert-notifier';
import { AlertRepository } from '../alert.repository';
import { statusAfter, type AlertAction } from '../alert-status-transitions';

/**
 * Acknowledge (stops escalation), resolve (announced to the alert's targets) or mute (no further
 * notifications; the count still rises) an alert from the inbox. Another tenant's alert, or another
 * user's personal one: 404.
 */
@Injectable()
export class ChangeAlertStatus {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AlertChanges) private readonly changes: AlertChanges,
    @Inject(AlertNotifier) private readonly notifier: AlertNotifier,
  ) {}

  execute(principal: Principal, alertId: string, action: AlertAction): Promise<Alert> {
    return this.transactions.run(principal, async (manager) => {
      const alert = await this.alerts.findVisibleForUpdate(manager, principal.tenantId, principal.subject, alertId);
      if (!alert) throw new AlertException(AlertExceptionCode.NOT_FOUND, 'no such alert');
      const status = statusAfter(alert.status, action);
      if (status === null) throw new AlertException(AlertExceptionCode.ALREADY_RESOLVED, 'the alert is resolved; a new occurrence opens a new alert');
      if (status === alert.status) return alert;
      const now = new Date();
      const changed: Alert = { ...alert, status, version: alert.version + 1, updatedAt: now };
      switch (action) {
        case 'acknowledge': {
          const acknowledged = { ...changed, acknowledgedBy: principal.subject, acknowledgedAt: now };
          await this.changes.acknowledged(manager, acknowledged);
          return acknowledged;
        }
        case 'mute':
          await this.changes.muted(manager, changed);
          return changed;
        case 'resolve': {
          const resolved = { ...changed, resolvedBy: principal.subject, resolvedAt: now };
          await this.changes.resolved(manager, resolved, '');
          await this.notifier.schedule(manager, resolved, 'alert.resolved');
          return resolved;
        }
        default:
          return assertUnreachable(action);
      }
    });
  }
}
