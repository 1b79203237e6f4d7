import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import type { Alert } from './alert.entity';
import { alertAcknowledged, alertEscalated, alertOpened, alertResolved, alertUpdated } from './alert.events';
import { AlertRepository } from './alert.repository';

/**
 * The one place that records a change of an alert: the row and its event in the same
 * transaction, so both commit or neither does.
 */
@Injectable()
export class AlertChanges {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
  ) {}

  async opened(manager: EntityManager, alert: Alert): Promise<void> {
    await this.alerts.insert(manager, alert);
    await this.outbox.append(manager, [alertOpened(alert)]);
  }

  async occurredAgain(manager: EntityManager, alert: Alert, eventId: string): Promise<void> {
    await this.alerts.save(manager, alert);
    await this.outbox.append(manager, [alertUpdated(alert, eventId)]);
  }

  async acknowledged(manager: EntityManager, alert: Alert): Promise<void> {
    await this.alerts.save(manager, alert);
    await this.outbox.append(manager, [alertAcknowledged(alert, alert.acknowledgedBy ?? '', alert.acknowledgedAt ?? alert.updatedAt)]);
  }

  async resolved(manager: EntityManager, alert: Alert, eventId: string): Promise<void> {
    await this.alerts.save(manager, alert);
    await this.outbox.append(manager, [alertResolved(alert, alert.resolvedBy ?? '', eventId, alert.resolvedAt ?? alert.updatedAt)]);
  }

  async escalated(manager: EntityManager, alert: Alert, recipientListId: string, at: Date): Promise<void> {
    await this.alerts.save(manager, alert);
    await this.outbox.append(manager, [alertEscalated(alert, recipientListId, at)]);
  }

  /** Muting changes no other service's view: recorded without an event. */
  async muted(manager: EntityManager, alert: Alert): Promise<void> {
    await this.alerts.save(manager, alert);
  }
}
