import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { occurrenceOf, type SourceEvent } from '../../alert-sources';
import { RecordAlertOccurrence, type AlertPlace } from '../../alerts';

export interface OverdueWork {
  workOrderId: string;
  number: string;
  assigneeIds: readonly string[];
  dueAt: Date;
  detectedAt: Date;
  place?: AlertPlace;
}

/** Overdue work is each assignee's own alert; with nobody assigned, the tenant's. */
@Injectable()
export class AlertOverdueWork {
  constructor(@Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence) {}

  async execute(manager: EntityManager, source: SourceEvent, work: OverdueWork): Promise<void> {
    const assignees = [...new Set(work.assigneeIds.filter((id) => id !== ''))];
    const recipients = assignees.length > 0 ? assignees.map((userId) => ({ userId, email: null })) : [undefined];
    for (const recipient of recipients) {
      const command = occurrenceOf('work_order.overdue', source, {
        subjectId: work.workOrderId,
        subjectName: work.number,
        occurredAt: work.detectedAt,
        title: `Work order ${work.number} is overdue`,
        summary: `It was due ${work.dueAt.toISOString()}.`,
        recipient,
        place: work.place,
      });
      await this.record.execute(manager, command);
    }
  }
}
