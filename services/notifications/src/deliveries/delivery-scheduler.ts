import { randomUUID } from 'node:crypto';
import { JobQueue } from '@mate/jobs';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { planDeliveries, type PlannedDelivery } from '../alert-rules';
import { AlertRuleRepository } from '../alert-routing';
import { AlertNotifier, type Alert } from '../alerts';
import type { AlertNotificationType } from '../channels';
import type { Delivery } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';
import { DELIVER_ALERT_JOB } from './jobs/deliver-alert.job';

/**
 * Turns an alert's change into delivery rows, in the transaction of the change (the inbox
 * transaction of the event that caused it): one per target of the tenant's matching rules, due at
 * once, after quiet hours, or at the digest time. The job queue sends them when due.
 */
@Injectable()
export class DeliveryScheduler extends AlertNotifier {
  constructor(
    @Inject(AlertRuleRepository) private readonly rules: AlertRuleRepository,
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
    @Inject(JobQueue) private readonly jobs: JobQueue,
  ) {
    super();
  }

  async schedule(manager: EntityManager, alert: Alert, notification: AlertNotificationType): Promise<void> {
    const now = new Date();
    const rules = await this.rules.listEnabled(manager, alert.tenantId);
    await this.scheduleTo(manager, alert, notification, [...planDeliveries(alert, rules, now), ...personalDeliveries(alert, notification, now)]);
  }

  /** Deliveries to the given targets, due at their `sendAt` (an escalation names its recipient list). */
  async scheduleTo(manager: EntityManager, alert: Alert, notification: AlertNotificationType, planned: ReadonlyArray<Pick<PlannedDelivery, 'channel' | 'targetId' | 'sendAt'>>): Promise<void> {
    const now = new Date();
    const rows: Delivery[] = planned.map((delivery) => ({
      id: randomUUID(),
      tenantId: alert.tenantId,
      alertId: alert.id,
      notification,
      channel: delivery.channel,
      targetId: delivery.targetId,
      status: 'pending',
      attempts: 0,
      firstAttemptAt: null,
      nextAttemptAt: delivery.sendAt,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    }));
    await this.deliveries.insert(manager, rows);
    for (const row of rows) {
      await this.deliveries.schedule(manager, row, row.nextAttemptAt ?? now);
      // Due now: its job commits with the row, so a worker starts it at once instead of at the next
      // sweep (B8: the sweep interval bounded the time to the customer). The sweep still finds any
      // delivery whose job went missing, and the later ones (quiet hours, digests, retries).
      if ((row.nextAttemptAt ?? now) <= now) {
        await this.jobs.send(DELIVER_ALERT_JOB, { tenantId: row.tenantId, payload: { deliveryId: row.id }, singletonKey: row.id, inTransaction: manager });
      }
    }
  }
}

/**
 * An external requester (no account, so no inbox) hears of the decision by e-mail, once, when the
 * alert opens: the target is the alert itself, whose address the e-mail target reads.
 */
function personalDeliveries(alert: Alert, notification: AlertNotificationType, now: Date): Array<Pick<PlannedDelivery, 'channel' | 'targetId' | 'sendAt'>> {
  return alert.recipientEmail && notification === 'alert.opened' ? [{ channel: 'email', targetId: alert.id, sendAt: now }] : [];
}
