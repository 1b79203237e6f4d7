import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { personalScope } from '../../alert-rules';
import { occurrenceOf, type SourceEvent } from '../../alert-sources';
import { RecordAlertOccurrence, ResolveOnRecovery, type AlertPlace } from '../../alerts';

export interface AssignmentChange {
  workOrderId: string;
  number: string;
  assigneeIds: readonly string[];
  previousAssigneeIds: readonly string[];
  assignedBy: string;
  dueAt: Date | null;
  place?: AlertPlace;
}

/**
 * A work order's assignment changed: each technician assigned now and not before gets an alert of
 * their own (a repeat of the same assignment tells nobody again); each one taken off it has theirs
 * resolved.
 */
@Injectable()
export class AlertAssignees {
  constructor(
    @Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence,
    @Inject(ResolveOnRecovery) private readonly resolve: ResolveOnRecovery,
  ) {}

  async execute(manager: EntityManager, source: SourceEvent, change: AssignmentChange): Promise<void> {
    const before = new Set(change.previousAssigneeIds);
    const now = new Set(change.assigneeIds.filter((id) => id !== ''));
    const due = change.dueAt ? `, due ${change.dueAt.toISOString()}` : '';
    for (const userId of [...now].filter((id) => !before.has(id))) {
      const command = occurrenceOf('work_order.assigned', source, {
        subjectId: change.workOrderId,
        subjectName: change.number,
        occurredAt: source.sentAt,
        title: `Work order ${change.number} is assigned to you`,
        summary: `Assigned by ${change.assignedBy || 'the system'}${due}.`,
        recipient: { userId, email: null },
        place: change.place,
      });
      await this.record.execute(manager, command);
    }
    for (const userId of [...before].filter((id) => !now.has(id))) {
      await this.resolve.execute(manager, {
        tenantId: source.tenantId,
        type: 'work_order.unassigned',
        subject: { kind: 'work_order', id: change.workOrderId },
        scope: personalScope(userId),
        eventId: source.eventId,
        occurredAt: source.sentAt,
      });
    }
  }
}
