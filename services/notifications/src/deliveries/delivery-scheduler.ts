import { randomUUID } from 'node:crypto';
import { JobQueue } from '@mate/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { earliestPerTarget, nextDigestAt, planDeliveries, type PlannedDelivery } from '../alert-rules';
import { AlertRuleRepository, type AlertRule } from '../alert-routing';
import { AlertNotifier, type Alert } from '../alerts';
import type { AlertNotificationType } from '../channels';
import type { NotificationsConfig } from '../config/notifications.config';
import { PersonRouting } from '../recipients';
import type { Delivery } from './delivery.entity';
import { deliveryClaimLeaseMs } from './delivery-claim';
import { DeliveryRepository } from './delivery.repository';
import { DELIVER_ALERT_JOB, deliveryJobPriority } from './jobs/deliver-alert.job';

/**
 * The tenant's enabled rules, read once per transaction: a run of events (one inbox transaction,
 * B8's burst) plans every alert of the run with the same rules instead of reading them per alert.
 * Keyed by the transaction's manager, so the next transaction reads them afresh.
 */
const rulesOfTransaction = new WeakMap<EntityManager, Map<string, Promise<AlertRule[]>>>();

type Planned = Pick<PlannedDelivery, 'channel' | 'targetId' | 'sendAt'> & Partial<Pick<PlannedDelivery, 'mode'>>;

/**
 * Turns an alert's change into delivery rows, in the transaction of the change (the inbox
 * transaction of the event that caused it): one per target of the tenant's matching rules (their
 * endpoints and lists, and the people they name on the channels of each one's preferences), due at
 * once or after quiet hours, or an entry in the target's digest of the window. The job queue
 * sends them when due.
 */
@Injectable()
export class DeliveryScheduler extends AlertNotifier {
  constructor(
    @Inject(AlertRuleRepository) private readonly rules: AlertRuleRepository,
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(PersonRouting) private readonly people: PersonRouting,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationsConfig,
  ) {
    super();
  }

  async schedule(manager: EntityManager, alert: Alert, notification: AlertNotificationType): Promise<void> {
    const now = new Date();
    const window = this.config.extra.DIGEST_WINDOW_SECONDS;
    const rules = await this.enabledRules(manager, alert.tenantId);
    const routed = await this.people.routedAlert(manager, alert);
    const toPeople = await this.people.plan(manager, alert.tenantId, routed, rules, { personal: notification === 'alert.opened', now, digestWindowSeconds: window });
    const planned = [...earliestPerTarget([...planDeliveries(routed, rules, now, window), ...toPeople]), ...personalDeliveries(alert, notification, now)];
    await this.scheduleTo(manager, alert, notification, planned);
  }

  /** Deliveries to the given targets, due at their `sendAt` (an escalation names its recipient list). */
  async scheduleTo(manager: EntityManager, alert: Alert, notification: AlertNotificationType, planned: readonly Planned[]): Promise<void> {
    const now = new Date();
    const rows: Delivery[] = planned
      .filter((delivery) => delivery.mode !== 'digest')
      .map((delivery) => ({
        ...this.newDelivery(alert.tenantId, delivery, now),
        alertId: alert.id,
        notification,
        nextAttemptAt: delivery.sendAt,
        digestAt: null,
      }));
    await this.deliveries.insert(manager, rows);
    // Due now: its job commits with the row (the alert's jobs in one statement), so a worker starts
    // it at once instead of at the next sweep (B8: the sweep interval bounded the time to the
    // customer). Its schedule row is written claimed, as the sweep would leave it, so the sweep
    // sends no second job while this one runs; if the job never completes (its replica died), the
    // claim runs out and the sweep sends one.
    const claimedUntil = new Date(now.getTime() + deliveryClaimLeaseMs(this.config));
    const dueNow = rows.filter((row) => (row.nextAttemptAt ?? now) <= now);
    await this.deliveries.scheduleMany(
      manager,
      rows.map((row) => ({ delivery: row, dueAt: dueNow.includes(row) ? claimedUntil : (row.nextAttemptAt ?? now) })),
    );
    await this.jobs.sendMany(
      DELIVER_ALERT_JOB,
      dueNow.map((row) => ({ tenantId: row.tenantId, payload: { deliveryId: row.id }, priority: deliveryJobPriority(row.channel) })),
      manager,
    );
    for (const delivery of planned.filter((candidate) => candidate.mode === 'digest')) await this.addToDigest(manager, alert, notification, delivery, now);
  }

  private enabledRules(manager: EntityManager, tenantId: string): Promise<AlertRule[]> {
    const byTenant = rulesOfTransaction.get(manager) ?? new Map<string, Promise<AlertRule[]>>();
    rulesOfTransaction.set(manager, byTenant);
    const cached = byTenant.get(tenantId);
    if (cached) return cached;
    const rules = this.rules.listEnabled(manager, tenantId);
    byTenant.set(tenantId, rules);
    return rules;
  }

  /**
   * Adds the alert to the target's digest of its window. A digest already attempted (sent, or
   * being retried with what it held then) takes nothing more: the alert goes to the next window.
   */
  private async addToDigest(manager: EntityManager, alert: Alert, notification: AlertNotificationType, planned: Planned, now: Date): Promise<void> {
    let digestAt = planned.sendAt;
    for (;;) {
      const created = { ...this.newDelivery(alert.tenantId, planned, now), digestAt };
      const digest = await this.deliveries.lockDigest(manager, created);
      if (digest.status === 'pending' && digest.attempts === 0) {
        await this.deliveries.addDigestEntry(manager, digest, alert.id, notification, now);
        if (digest.id === created.id) await this.deliveries.schedule(manager, digest, digestAt);
        return;
      }
      digestAt = nextDigestAt(digestAt, this.config.extra.DIGEST_WINDOW_SECONDS);
    }
  }

  private newDelivery(tenantId: string, planned: Planned, now: Date): Omit<Delivery, 'alertId' | 'notification' | 'nextAttemptAt' | 'digestAt'> {
    return {
      id: randomUUID(),
      tenantId,
      channel: planned.channel,
      targetId: planned.targetId,
      status: 'pending',
      attempts: 0,
      firstAttemptAt: null,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    };
  }
}

/**
 * An external requester (no account, so no inbox) hears of the decision by e-mail, once, when the
 * alert opens: the target is the alert itself, whose address the e-mail target reads.
 */
function personalDeliveries(alert: Alert, notification: AlertNotificationType, now: Date): Planned[] {
  return alert.recipientEmail && notification === 'alert.opened' ? [{ channel: 'email', targetId: alert.id, sendAt: now }] : [];
}
