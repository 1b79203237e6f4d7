import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { occurrenceOf, type SourceEvent } from '../../alert-sources';
import { RecordAlertOccurrence } from '../../alerts';

export interface MissedOccurrences {
  planId: string;
  assetId: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
}

/** Missed occurrences of a plan's stream (one asset) are one warning for the tenant; further misses raise its count. */
@Injectable()
export class AlertMissedOccurrences {
  constructor(@Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence) {}

  async execute(manager: EntityManager, source: SourceEvent, missed: MissedOccurrences): Promise<void> {
    const command = occurrenceOf('pm.occurrences_missed', source, {
      subjectId: missed.planId,
      subjectName: null,
      scope: `asset:${missed.assetId}`,
      place: { locationId: null, assetId: missed.assetId },
      occurredAt: source.sentAt,
      title: `${missed.count} preventive maintenance occurrence(s) missed`,
      summary: `Plan ${missed.planId} on asset ${missed.assetId} missed ${missed.count} occurrence(s) from ${missed.firstAt.toISOString()} to ${missed.lastAt.toISOString()}.`,
    });
    await this.record.execute(manager, command);
  }
}
