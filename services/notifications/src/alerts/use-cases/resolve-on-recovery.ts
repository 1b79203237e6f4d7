import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { alertsResolvedBy, dedupeKey } from '../../alert-rules';
import type { SubjectKind } from '../../channels';
import { AlertChanges } from '../alert.changes';
import type { Alert } from '../alert.entity';
import { AlertNotifier } from '../alert-notifier';
import { AlertRepository } from '../alert.repository';

export interface RecoveryCommand {
  tenantId: string;
  /** The recovery's alert type, e.g. connection.restored. */
  type: string;
  subject: { kind: SubjectKind; id: string };
  /** Only the alerts of this scope (one storeroom's stock, one assignee); absent: all of the subject's. */
  scope?: string;
  eventId: string;
  occurredAt: Date;
}

/**
 * A recovery (a connection restored) resolves the subject's alerts it ends, and each resolution is
 * announced to the targets of the alert it resolves. Nothing to resolve: nothing is sent.
 */
@Injectable()
export class ResolveOnRecovery {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AlertChanges) private readonly changes: AlertChanges,
    @Inject(AlertNotifier) private readonly notifier: AlertNotifier,
  ) {}

  async execute(manager: EntityManager, command: RecoveryCommand): Promise<Alert[]> {
    const unresolved = await this.alerts.findUnresolvedOfSubjectForUpdate(manager, command.tenantId, command.subject.kind, command.subject.id);
    const candidates = unresolved
      .map((alert) => ({ ...alert, subject: { kind: alert.subjectKind, id: alert.subjectId } }))
      .filter((alert) => command.scope === undefined || alert.dedupeKey === dedupeKey({ type: alert.type, subject: alert.subject, scope: command.scope }));
    const toResolve = new Set(alertsResolvedBy(command, candidates).map((alert) => alert.id));
    const resolved: Alert[] = [];
    for (const alert of unresolved.filter((candidate) => toResolve.has(candidate.id))) {
      const changed: Alert = {
        ...alert,
        status: 'resolved',
        resolvedBy: command.type,
        resolvedAt: command.occurredAt,
        eventIds: [...alert.eventIds, command.eventId],
        version: alert.version + 1,
        updatedAt: new Date(),
      };
      await this.changes.resolved(manager, changed, command.eventId);
      await this.notifier.schedule(manager, changed, 'alert.resolved');
      resolved.push(changed);
    }
    return resolved;
  }
}
