import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { applyOccurrence, dedupeKey, personalScope, type AlertOccurrence, type AlertState } from '../../alert-rules';
import { AlertChanges } from '../alert.changes';
import type { Alert } from '../alert.entity';
import { AlertNotifier } from '../alert-notifier';
import { AlertRepository } from '../alert.repository';

export interface RecordAlertOccurrenceCommand extends AlertOccurrence {
  title: string;
  summary: string;
  subjectName: string | null;
  /**
   * The person the alert is for (a user: their inbox and stream only, scoped to them so each
   * assignee has an alert of their own; an external contact: e-mailed). Absent: the tenant's.
   */
  recipient?: { userId: string | null; email: string | null };
  /**
   * Where the subject is: its location, or its asset (whose location the assets events taught us),
   * for rules filtered to a location subtree. Absent: no known place.
   */
  place?: AlertPlace;
}

export interface AlertPlace {
  locationId: string | null;
  assetId: string | null;
}

/**
 * Something alert-worthy happened. The first occurrence for its key opens an alert and schedules
 * its deliveries; a repeat only raises the count and last seen (nobody is told again). Runs in the
 * event's inbox transaction, so a redelivered event changes nothing.
 */
@Injectable()
export class RecordAlertOccurrence {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AlertChanges) private readonly changes: AlertChanges,
    @Inject(AlertNotifier) private readonly notifier: AlertNotifier,
  ) {}

  async execute(manager: EntityManager, command: RecordAlertOccurrenceCommand): Promise<Alert> {
    const userId = command.recipient?.userId ?? null;
    const key = dedupeKey({ ...command, scope: userId ? personalScope(userId) : command.scope });
    const unresolved = await this.alerts.findUnresolvedForUpdate(manager, command.tenantId, key);
    const decision = applyOccurrence(unresolved, command);
    if (decision.action === 'update' && unresolved) return this.update(manager, unresolved, decision.alert, command.eventId);
    const opened: Alert = {
      id: randomUUID(),
      tenantId: command.tenantId,
      type: command.type,
      severity: command.severity,
      subjectKind: command.subject.kind,
      subjectId: command.subject.id,
      subjectName: command.subjectName,
      dedupeKey: key,
      recipientUserId: userId,
      recipientEmail: command.recipient?.email ?? null,
      locationId: command.place?.locationId ?? null,
      assetId: command.place?.assetId ?? null,
      title: command.title,
      summary: command.summary,
      ...decision.alert,
      escalationLevel: 0,
      acknowledgedBy: null,
      acknowledgedAt: null,
      resolvedBy: null,
      resolvedAt: null,
      version: 1,
      updatedAt: new Date(),
    };
    await this.changes.opened(manager, opened);
    await this.notifier.schedule(manager, opened, 'alert.opened');
    return opened;
  }

  /**
   * A further sign of a problem that another event opens the alert for (a connection's auth failure
   * next to its ConnectionReauthRequired): counted on the unresolved alert with its key, never
   * opening one. Null when there is none (the opening event has not come yet, or it was resolved).
   */
  async executeRepeat(manager: EntityManager, occurrence: AlertOccurrence): Promise<Alert | null> {
    const unresolved = await this.alerts.findUnresolvedForUpdate(manager, occurrence.tenantId, dedupeKey(occurrence));
    if (!unresolved) return null;
    return this.update(manager, unresolved, applyOccurrence(unresolved, occurrence).alert, occurrence.eventId);
  }

  private async update(manager: EntityManager, unresolved: Alert, state: AlertState, eventId: string): Promise<Alert> {
    const updated: Alert = { ...unresolved, ...state, version: unresolved.version + 1, updatedAt: new Date() };
    await this.changes.occurredAgain(manager, updated, eventId);
    return updated;
  }
}
