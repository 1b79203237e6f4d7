import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import { AlertRepository, toAlertMessage, type Alert } from '../../alerts';
import {
  deliveryAttemptLogEntry,
  DIGEST_TEMPLATE_KEY,
  nextAttemptAt,
  type AlertMessage,
  type ChannelKind,
  type ChannelSender,
  type DeliveryOutcome,
  type DigestMessage,
  type RetryPolicy,
} from '../../channels';
import { CHANNEL_SENDERS, type ChannelSenders } from '../channel-senders';
import type { Delivery } from '../delivery.entity';
import { deliveryFailed, deliverySucceeded } from '../delivery.events';
import { DeliveryRepository } from '../delivery.repository';
import { DeliveryTargets, type TargetsByChannel } from '../delivery-targets';
import { TrackEndpointHealth } from './track-endpoint-health';

export interface AttemptClock {
  now(): Date;
  random(): number;
}

export const ATTEMPT_CLOCK = Symbol('ATTEMPT_CLOCK');
/** The retry policy of failed attempts (WEBHOOK_RETRY_POLICY, its first delay from the configuration). */
export const DELIVERY_RETRY_POLICY = Symbol('DELIVERY_RETRY_POLICY');

/** Replicas' clocks differ a little: a delivery this close to due is due. */
const DUE_TOLERANCE_MS = 1_000;

type Content = { alert: AlertMessage; digest?: undefined } | { digest: DigestMessage; alert?: undefined };

/**
 * One attempt of a due delivery, run by the job queue in the tenant's transaction with the
 * delivery locked: sends it, logs the attempt, and either marks it delivered, schedules the next
 * attempt (backoff with jitter, up to 24 h) or gives it up. A delivery no longer pending (done by
 * an earlier run whose job was retried) or not due yet (a copy of the job ran after a failed
 * attempt set the next time) is left alone, so a copy never shortens the backoff.
 */
@Injectable()
export class AttemptDelivery {
  constructor(
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(DeliveryTargets) private readonly targets: DeliveryTargets,
    @Inject(CHANNEL_SENDERS) private readonly senders: ChannelSenders,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(ATTEMPT_CLOCK) private readonly clock: AttemptClock,
    @Inject(TrackEndpointHealth) private readonly endpointHealth: TrackEndpointHealth,
    @Inject(DELIVERY_RETRY_POLICY) private readonly retryPolicy: RetryPolicy,
  ) {}

  async execute(manager: EntityManager, tenantId: string, deliveryId: string): Promise<Delivery | null> {
    const found = await this.deliveries.findForAttemptWithAlert(manager, tenantId, deliveryId);
    const attemptedAt = this.clock.now();
    if (!found) return null;
    const { delivery, alert } = found;
    if (delivery.status !== 'pending' || !isDue(delivery, attemptedAt)) return delivery;
    const attempt = delivery.attempts + 1;
    const content = await this.content(manager, delivery, alert);
    const outcome: DeliveryOutcome = content
      ? await this.send(manager, delivery.channel, { tenantId, targetId: delivery.targetId, deliveryId, attempt, content })
      : { kind: 'rejected', latencyMs: 0, reason: 'the alert no longer exists' };
    const updated = this.afterAttempt({ ...delivery, attempts: attempt, firstAttemptAt: delivery.firstAttemptAt ?? attemptedAt }, outcome, attemptedAt);
    await this.deliveries.recordAttempt(manager, deliveryAttemptLogEntry({ deliveryId, attempt, channel: delivery.channel, attemptedAt }, outcome), updated);
    if (updated.status === 'delivered') await this.outbox.append(manager, [deliverySucceeded(updated, attemptedAt)]);
    if (updated.status === 'failed') await this.outbox.append(manager, [deliveryFailed(updated, updated.lastError ?? '', attemptedAt)]);
    return updated;
  }

  /**
   * What the delivery says, read now: its alert (read with the delivery), or a digest's alerts each
   * as it is now (one resolved since it was collected is listed as resolved). Null when nothing is
   * left to say.
   */
  private async content(manager: EntityManager, delivery: Delivery, alert: Alert | null): Promise<Content | null> {
    if (delivery.alertId !== null) return alert ? { alert: toAlertMessage(alert, delivery.notification) } : null;
    const alerts: AlertMessage[] = [];
    for (const alertId of await this.deliveries.digestAlertIds(manager, delivery.tenantId, delivery.id)) {
      const alert = await this.alerts.findById(manager, delivery.tenantId, alertId);
      if (alert) alerts.push(toAlertMessage(alert, alert.status === 'resolved' ? 'alert.resolved' : 'alert.opened'));
    }
    if (alerts.length === 0) return null;
    return { digest: { tenantId: delivery.tenantId, windowEnd: delivery.digestAt ?? delivery.createdAt, alerts } };
  }

  private async send<C extends ChannelKind>(
    manager: EntityManager,
    channel: C,
    request: { tenantId: string; targetId: string; deliveryId: string; attempt: number; content: Content },
  ): Promise<DeliveryOutcome> {
    const target = await this.targets.resolve(manager, request.tenantId, channel, request.targetId, request.content.alert?.type ?? DIGEST_TEMPLATE_KEY);
    if (target === null) return { kind: 'rejected', latencyMs: 0, reason: 'the target was deleted or disabled' };
    const sender: ChannelSender<TargetsByChannel[C]> = this.senders[channel];
    const { deliveryId, attempt, content } = request;
    const outcome = await sender.send(content.digest ? { deliveryId, attempt, target, digest: content.digest } : { deliveryId, attempt, target, alert: content.alert });
    if (channel !== 'email') await this.endpointHealth.afterAttempt(manager, request.tenantId, request.targetId, outcome, this.clock.now());
    return outcome;
  }

  private afterAttempt(delivery: Delivery, outcome: DeliveryOutcome, at: Date): Delivery {
    if (outcome.kind === 'delivered') return { ...delivery, status: 'delivered', nextAttemptAt: null, lastError: null, updatedAt: at };
    const next =
      outcome.kind === 'retryable'
        ? nextAttemptAt({ firstAttemptAt: delivery.firstAttemptAt ?? at, attemptsMade: delivery.attempts, failedAt: at, random: this.clock.random() }, this.retryPolicy)
        : null;
    if (next === null) return { ...delivery, status: 'failed', nextAttemptAt: null, lastError: outcome.reason, updatedAt: at };
    return { ...delivery, status: 'pending', nextAttemptAt: next, lastError: outcome.reason, updatedAt: at };
  }
}

function isDue(delivery: Delivery, now: Date): boolean {
  return delivery.nextAttemptAt === null || delivery.nextAttemptAt.getTime() <= now.getTime() + DUE_TOLERANCE_MS;
}
