import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import { AlertRepository, toAlertMessage } from '../../alerts';
import { deliveryAttemptLogEntry, nextAttemptAt, type AlertMessage, type ChannelKind, type ChannelSender, type DeliveryOutcome } from '../../channels';
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

/**
 * One attempt of a due delivery, run by the job queue in the tenant's transaction with the
 * delivery locked: sends it, logs the attempt, and either marks it delivered, schedules the next
 * attempt (backoff with jitter, up to 24 h) or gives it up. A delivery no longer pending (done by
 * an earlier run whose job was retried) is left alone.
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
  ) {}

  async execute(manager: EntityManager, tenantId: string, deliveryId: string): Promise<Delivery | null> {
    const delivery = await this.deliveries.findForAttempt(manager, tenantId, deliveryId);
    if (!delivery || delivery.status !== 'pending') return delivery;
    const alert = await this.alerts.findById(manager, tenantId, delivery.alertId);
    const attemptedAt = this.clock.now();
    const attempt = delivery.attempts + 1;
    const outcome: DeliveryOutcome = alert
      ? await this.send(manager, delivery.channel, delivery.targetId, { tenantId, deliveryId, attempt, alert: toAlertMessage(alert, delivery.notification) })
      : { kind: 'rejected', latencyMs: 0, reason: 'the alert no longer exists' };
    await this.deliveries.logAttempt(manager, tenantId, deliveryAttemptLogEntry({ deliveryId, attempt, channel: delivery.channel, attemptedAt }, outcome));
    const updated = this.afterAttempt({ ...delivery, attempts: attempt, firstAttemptAt: delivery.firstAttemptAt ?? attemptedAt }, outcome, attemptedAt);
    await this.deliveries.save(manager, updated);
    if (updated.status === 'pending' && updated.nextAttemptAt) await this.deliveries.schedule(manager, updated, updated.nextAttemptAt);
    else await this.deliveries.unschedule(manager, updated.id);
    if (updated.status === 'delivered') await this.outbox.append(manager, [deliverySucceeded(updated, attemptedAt)]);
    if (updated.status === 'failed') await this.outbox.append(manager, [deliveryFailed(updated, updated.lastError ?? '', attemptedAt)]);
    return updated;
  }

  private async send<C extends ChannelKind>(
    manager: EntityManager,
    channel: C,
    targetId: string,
    request: { tenantId: string; deliveryId: string; attempt: number; alert: AlertMessage },
  ): Promise<DeliveryOutcome> {
    const target = await this.targets.resolve(manager, request.tenantId, channel, targetId, request.alert.type);
    if (target === null) return { kind: 'rejected', latencyMs: 0, reason: 'the target was deleted or disabled' };
    const sender: ChannelSender<TargetsByChannel[C]> = this.senders[channel];
    const outcome = await sender.send({ deliveryId: request.deliveryId, attempt: request.attempt, alert: request.alert, target });
    if (channel !== 'email') await this.endpointHealth.afterAttempt(manager, request.tenantId, targetId, outcome, this.clock.now());
    return outcome;
  }

  private afterAttempt(delivery: Delivery, outcome: DeliveryOutcome, at: Date): Delivery {
    if (outcome.kind === 'delivered') return { ...delivery, status: 'delivered', nextAttemptAt: null, lastError: null, updatedAt: at };
    const next =
      outcome.kind === 'retryable'
        ? nextAttemptAt({ firstAttemptAt: delivery.firstAttemptAt ?? at, attemptsMade: delivery.attempts, failedAt: at, random: this.clock.random() })
        : null;
    if (next === null) return { ...delivery, status: 'failed', nextAttemptAt: null, lastError: outcome.reason, updatedAt: at };
    return { ...delivery, status: 'pending', nextAttemptAt: next, lastError: outcome.reason, updatedAt: at };
  }
}
