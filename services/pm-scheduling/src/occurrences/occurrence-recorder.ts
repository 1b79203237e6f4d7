import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox, type OutboundEvent } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import type { PmPlan } from '../pm-plans/pm-plan.entity';
import { nextGenerationAt, nominalIntervalMs, type ScheduleDefinition, type StreamStep } from '../schedule';
import { occurrenceDue, occurrenceSkipped, occurrencesMissed } from './occurrence.events';
import { StreamRepository, type StreamRow } from './stream.repository';

/** A stream with the engine steps taken on it, in order. */
export interface SteppedStream {
  plan: PmPlan;
  definition: ScheduleDefinition;
  stream: StreamRow;
  steps: readonly StreamStep[];
}

interface OccurrenceRow {
  occurrenceId: string;
  planId: string;
  assetId: string;
  occurrenceAt: Date;
  plannedStartAt: Date | null;
  dueAt: Date | null;
  intervalMs: number | null;
  trigger: string;
  catchUp: boolean;
  outcome: 'generated' | 'skipped';
  skipReason: string | null;
}

function occurrenceRowsOf(planId: string, assetId: string, definition: ScheduleDefinition, step: StreamStep): OccurrenceRow[] {
  return [
    ...step.due.map((due) => ({
      occurrenceId: due.occurrenceId,
      planId,
      assetId,
      occurrenceAt: due.occurrenceAt,
      plannedStartAt: due.plannedStartAt,
      dueAt: due.dueAt,
      intervalMs: nominalIntervalMs(definition, due.occurrenceAt),
      trigger: due.trigger,
      catchUp: due.catchUp,
      outcome: 'generated' as const,
      skipReason: null,
    })),
    ...step.skipped.map((skipped) => ({
      occurrenceId: skipped.occurrenceId,
      planId,
      assetId,
      occurrenceAt: skipped.occurrenceAt,
      plannedStartAt: null,
      dueAt: null,
      intervalMs: null,
      trigger: 'calendar',
      catchUp: false,
      outcome: 'skipped' as const,
      skipReason: skipped.reason,
    })),
  ];
}

/**
 * Records what one engine step decided, in the caller's transaction: the occurrences (keyed by
 * their deterministic id), their events in the outbox, and the stream's new state. An occurrence
 * already recorded (the same step computed again after a crash or by a replica that read an
 * older state) is not inserted again and publishes nothing: each occurrence is emitted once.
 */
@Injectable()
export class OccurrenceRecorder {
  constructor(
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(StreamRepository) private readonly streams: StreamRepository,
  ) {}

  async record(manager: EntityManager, plan: PmPlan, definition: ScheduleDefinition, stream: StreamRow, step: StreamStep): Promise<number> {
    return this.recordAll(manager, [{ plan, definition, stream, steps: [step] }]);
  }

  /**
   * Records the steps of several streams of one tenant (an engine batch, a run of readings) with
   * the statements of one: the occurrences of every step in one insert, their events in step
   * order in one append, each stream's last state in one update. The effects are those of
   * recording the steps one by one. Answers the due occurrences recorded now.
   */
  async recordAll(manager: EntityManager, streams: readonly SteppedStream[]): Promise<number> {
    const stepped = streams.filter((entry) => entry.steps.length > 0);
    if (stepped.length === 0) return 0;
    const tenantId = stepped[0]!.plan.tenantId;
    const rows = stepped.flatMap(({ plan, definition, stream, steps }) => steps.flatMap((step) => occurrenceRowsOf(plan.id, stream.assetId, definition, step)));
    // An id recorded now publishes once, whichever step named it.
    const fresh = new Set(await this.insertNew(manager, tenantId, rows));
    const isFresh = (occurrenceId: string) => fresh.delete(occurrenceId);
    let due = 0;
    const events: OutboundEvent[] = stepped.flatMap(({ plan, stream, steps }) => {
      const key = { planId: plan.id, assetId: stream.assetId };
      return steps.flatMap((step) => {
        const dueNow = step.due.filter((occurrence) => isFresh(occurrence.occurrenceId));
        due += dueNow.length;
        return [
          ...dueNow.map((occurrence) => occurrenceDue(plan, key, occurrence)),
          ...step.skipped.filter((skipped) => isFresh(skipped.occurrenceId)).map((skipped) => occurrenceSkipped(plan, key, skipped)),
          ...(step.missed ? [occurrencesMissed(plan, key, step.missed)] : []),
        ];
      });
    });
    await this.outbox.append(manager, events);
    await this.streams.saveAll(
      manager,
      tenantId,
      stepped.map(({ definition, stream, steps }) => {
        const state = steps.at(-1)!.state;
        return { stream: { ...stream, state }, nextDueAt: nextGenerationAt(definition, state) };
      }),
    );
    return due;
  }

  /** Inserts the occurrences not recorded yet; answers their ids. */
  private async insertNew(manager: EntityManager, tenantId: string, rows: OccurrenceRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted: Array<{ occurrence_id: string }> = await manager.query(
      `insert into pm_occurrences
         (occurrence_id, tenant_id, plan_id, asset_id, occurrence_at, planned_start_at, due_at, interval_ms, trigger, catch_up, outcome, skip_reason)
       select o.id, $1, o.plan_id, o.asset_id, o.occurrence_at, o.planned_start_at, o.due_at, o.interval_ms, o.trigger, o.catch_up, o.outcome, o.skip_reason
         from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::bigint[], $9::text[], $10::boolean[], $11::text[], $12::text[])
           as o(id, plan_id, asset_id, occurrence_at, planned_start_at, due_at, interval_ms, trigger, catch_up, outcome, skip_reason)
       on conflict (occurrence_id) do nothing
       returning occurrence_id`,
      [
        tenantId,
        rows.map((row) => row.occurrenceId),
        rows.map((row) => row.planId),
        rows.map((row) => row.assetId),
        rows.map((row) => row.occurrenceAt),
        rows.map((row) => row.plannedStartAt),
        rows.map((row) => row.dueAt),
        rows.map((row) => row.intervalMs),
        rows.map((row) => row.trigger),
        rows.map((row) => row.catchUp),
        rows.map((row) => row.outcome),
        rows.map((row) => row.skipReason),
      ],
    );
    return inserted.map((row) => row.occurrence_id);
  }
}
