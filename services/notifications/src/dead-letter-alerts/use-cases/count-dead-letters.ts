import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DeadLetterPartitionOffsets } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import { ALERT_TYPES } from '../../alert-rules';
import { RecordAlertOccurrence } from '../../alerts';
import { deadLetterGrowth } from '../dead-letter-growth';
import { DeadLetterWatermarkRepository } from '../dead-letter-watermark.repository';

const TYPE = 'dead_letters.growing';

/**
 * One check of the dead-letter topics for the operators: each topic that received letters since
 * the last check is an occurrence of its alert (one alert per topic while unresolved, its count the
 * checks that found new letters), and the offsets counted move on, in one transaction.
 */
@Injectable()
export class CountDeadLetters {
  constructor(
    @Inject(DeadLetterWatermarkRepository) private readonly watermarks: DeadLetterWatermarkRepository,
    @Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence,
  ) {}

  async execute(manager: EntityManager, tenantId: string, offsets: readonly DeadLetterPartitionOffsets[], now: Date): Promise<void> {
    const counted = await this.watermarks.countedUntil(manager, tenantId);
    for (const { topic, arrived, held } of deadLetterGrowth(offsets, counted)) {
      await this.record.execute(manager, {
        tenantId,
        type: TYPE,
        severity: ALERT_TYPES[TYPE].severity,
        subject: { kind: ALERT_TYPES[TYPE].subjectKind, id: topic },
        // No event is behind a check: its own id stands in the alert's event ids.
        eventId: randomUUID(),
        occurredAt: now,
        subjectName: topic,
        title: `Messages are being dead-lettered on ${topic}`,
        summary:
          `${arrived} message(s) arrived since the last check; the topic holds ${held}. The mate_dlq_error and ` +
          `mate_dlq_consumer_group headers say why and where; once fixed, replay with npm run dlq:replay -- --topic ${topic}.`,
      });
    }
    await this.watermarks.record(manager, tenantId, offsets, now);
  }
}
