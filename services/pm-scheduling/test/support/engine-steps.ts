import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { MeterKind, MeterReadingRecordedSchema, WorkOrderCancelledSchema, WorkOrderCompletedSchema } from '@mate/contracts';
import { expectEventually } from '@mate/testing';
import type { PmSchedulingConfig } from '../../src/config/pm-scheduling.config';
import { ownerQuery, type PmTestApp, type TestPublisher, type TestTopics } from './pm-test-app';

/** Every `hours` from `from` to `to` (both included): the times a test steps the engine at. */
export function every(hours: number, from: string, to: string): Date[] {
  const times: Date[] = [];
  for (let at = Date.parse(from); at <= Date.parse(to); at += hours * 3_600_000) times.push(new Date(at));
  return times;
}

/** Steps the engine of each replica at each time, in order (the replicas of one time at once). */
export async function runAt(times: Date[], replicas: PmTestApp[]): Promise<void> {
  for (const now of times) await Promise.all(replicas.map((replica) => replica.engine.run(now)));
}

export type Reading = [value: number, readAt: string, kind?: MeterKind];

/** Meter readings as the assets service publishes them (a gauge has no lifetime total). */
export async function publishReadings(publisher: TestPublisher, topics: TestTopics, tenantId: string, meter: { meterId: string; assetId: string; unit?: string }, values: Reading[]): Promise<void> {
  for (const [value, readAt, kind] of values) {
    const gauge = kind === MeterKind.GAUGE;
    await publisher.publish(
      topics.assets,
      MeterReadingRecordedSchema,
      { meterId: meter.meterId, assetId: meter.assetId, value: String(value), lifetimeTotal: gauge ? '' : String(value), readAt: timestampFromDate(new Date(readAt)), kind: kind ?? MeterKind.CUMULATIVE, unit: meter.unit ?? 'h', readingId: randomUUID() },
      { tenantId, subject: meter.meterId },
    );
  }
}

/** Waits until the plan's stream applied a reading at `readAt` (send it last: it is the marker behind the others). */
export async function readingApplied(config: PmSchedulingConfig, planId: string, readAt: string, triggerIndex = 0): Promise<void> {
  await expectEventually(async () => {
    const rows = await ownerQuery<{ state: { triggers: Array<{ lastReadAt?: string | null }> } }>(config, 'select state from pm_streams where plan_id = $1', [planId]);
    expect(rows[0]?.state.triggers[triggerIndex]?.lastReadAt).toBe(new Date(readAt).toISOString());
  }, { timeoutMs: 30_000 });
}

/** The work order of an occurrence was completed (or cancelled), as the work-orders service announces it. */
export async function publishWorkOrderOutcome(
  publisher: TestPublisher,
  topics: TestTopics,
  tenantId: string,
  occurrence: { planId: string; occurrenceId: string },
  outcome: { completedAt: string } | { cancelledAt: string },
): Promise<void> {
  const pm = { planId: occurrence.planId, occurrenceId: occurrence.occurrenceId };
  const envelope = { tenantId, subject: randomUUID() };
  if ('completedAt' in outcome) {
    await publisher.publish(topics.workOrders, WorkOrderCompletedSchema, { workOrderId: envelope.subject, pm, completedAt: timestampFromDate(new Date(outcome.completedAt)) }, envelope);
  } else {
    await publisher.publish(topics.workOrders, WorkOrderCancelledSchema, { workOrderId: envelope.subject, pm, cancelledAt: timestampFromDate(new Date(outcome.cancelledAt)) }, envelope);
  }
}

/** Waits until pm-scheduling recorded the outcome of an occurrence's work order. */
export async function outcomeRecorded(config: PmSchedulingConfig, occurrenceId: string, status: 'open' | 'completed' | 'cancelled'): Promise<void> {
  await expectEventually(async () => {
    const rows = await ownerQuery<{ work_order_status: string | null }>(config, 'select work_order_status from pm_occurrences where occurrence_id = $1', [occurrenceId]);
    expect(rows[0]?.work_order_status).toBe(status);
  }, { timeoutMs: 30_000 });
}
