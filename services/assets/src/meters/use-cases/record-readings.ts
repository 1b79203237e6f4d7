import { Inject, Injectable } from '@nestjs/common';
import { StatementPipeline } from '@mate/database';
import type { EntityManager } from 'typeorm';
import { EventPublisher } from '../../common/event-publisher';
import type { Scaled } from '../../common/decimal.util';
import { meterReadingRecorded } from '../meter.events';
import { MeterRepository } from '../meter.repository';
import {
  acceptedReading,
  advance,
  decide,
  instantKey,
  isInput,
  meterState,
  placeBetween,
  recordedOutcome,
  repeatOutcome,
  type AcceptedReading,
  type IngestRow,
  type MeterState,
  type ReadingInput,
  type ReadingOutcome,
  type RecordedAt,
} from './reading-rules';

/**
 * Readings per INSERT when many are recorded at once: small enough that the first one starts
 * early, large enough that each statement's fixed cost stays small.
 */
const INSERT_CHUNK = 2_000;

interface IndexedInput {
  row: ReadingInput;
  index: number;
}

/** A reading older than its meter's latest, placed after the others. */
interface LateReading extends IndexedInput {
  meter: MeterState;
  value: Scaled;
}

/** Who records, and from where: the same for every reading of one request. */
interface Recording {
  manager: EntityManager;
  tenantId: string;
  actor: string;
  source: string;
}

function byMeterThenTime(a: IndexedInput, b: IndexedInput): number {
  if (a.row.meterId !== b.row.meterId) return a.row.meterId < b.row.meterId ? -1 : 1;
  return a.row.readAt.getTime() - b.row.readAt.getTime() || a.index - b.index;
}

/**
 * Records readings in bulk inside the caller's transaction (see reading-rules.ts for the rules):
 * set-based statements (an insert per chunk of rows, one update for all meters) rather than a
 * save() per row, and MeterReadingRecorded for every recorded reading in the same transaction.
 * Outcomes keep the order of `rows`.
 */
@Injectable()
export class RecordReadings {
  constructor(
    @Inject(MeterRepository) private readonly meters: MeterRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  async execute(manager: EntityManager, tenantId: string, rows: readonly IngestRow[], actor: string, source: string): Promise<ReadingOutcome[]> {
    const recording: Recording = { manager, tenantId, actor, source };
    const outcomes: ReadingOutcome[] = rows.map((row) =>
      isInput(row) ? { status: 'rejected', code: 'invalid', error: 'not processed' } : { status: 'rejected', code: row.rejected, error: row.error },
    );
    const inputs = rows.flatMap((row, index) => (isInput(row) ? [{ row, index }] : []));
    if (inputs.length === 0) return outcomes;
    const meters = new Map((await this.meters.lockTotals(manager, tenantId, [...new Set(inputs.map(({ row }) => row.meterId))])).map((m) => [m.id, meterState(m)]));
    const stored = await this.storedRepeats(recording, inputs, meters);
    const late = await this.recordLatest(recording, inputs.sort(byMeterThenTime), meters, stored, outcomes);
    await this.meters.saveTotals(manager, tenantId, [...meters.values()].filter((m) => m.changed));
    await this.recordLate(recording, late, outcomes);
    return outcomes;
  }

  /** Rows at or before a meter's latest reading may repeat a stored one: those are looked up in one query. */
  private async storedRepeats(recording: Recording, inputs: readonly IndexedInput[], meters: ReadonlyMap<string, MeterState>): Promise<Map<string, RecordedAt>> {
    const old = inputs.filter(({ row }) => {
      const lastReadAt = meters.get(row.meterId)?.lastReadAt ?? null;
      return lastReadAt !== null && row.readAt.getTime() <= lastReadAt;
    });
    const found = await this.meters.findAt(recording.manager, recording.tenantId, old.map(({ row }) => row));
    return new Map(found.map((f) => [instantKey(f.meterId, f.readAt.getTime()), { id: f.id, value: f.value }]));
  }

  /**
   * Records the rows that are their meter's latest reading (in time order per meter) and returns
   * the late ones. Accepted readings and their events go to PostgreSQL a chunk at a time: while it
   * inserts a chunk this process encodes the chunk's events, and while it appends them this
   * process computes the next chunk.
   */
  private async recordLatest(
    recording: Recording,
    inputs: readonly IndexedInput[],
    meters: ReadonlyMap<string, MeterState>,
    stored: ReadonlyMap<string, RecordedAt>,
    outcomes: ReadingOutcome[],
  ): Promise<LateReading[]> {
    const writes = new StatementPipeline();
    let chunk: AcceptedReading[] = [];
    const send = async (): Promise<void> => {
      const readings = chunk;
      chunk = [];
      if (readings.length === 0) return;
      await writes.send(() => this.meters.insertReadings(recording.manager, recording.tenantId, readings, recording.actor, recording.source));
      const events = this.events.encode(readings.map((reading) => meterReadingRecorded(recording.tenantId, reading.meter, reading)));
      await writes.send(() => this.events.publish(recording.manager, events));
    };
    const late: LateReading[] = [];
    for (const { row, index } of inputs) {
      const meter = meters.get(row.meterId);
      if (!meter) {
        outcomes[index] = { status: 'rejected', code: 'meter_not_found', error: `meter ${row.meterId} not found` };
        continue;
      }
      const decision = decide(meter, row, stored);
      if ('outcome' in decision) outcomes[index] = decision.outcome;
      else if ('backfill' in decision) late.push({ row, index, meter, value: decision.backfill });
      else {
        const { value, delta, lifetime } = decision.latest;
        const reading = acceptedReading(meter, row, value, delta, lifetime);
        advance(meter, reading, lifetime);
        outcomes[index] = recordedOutcome(reading);
        chunk.push(reading);
        if (chunk.length === INSERT_CHUNK) await send();
      }
    }
    await send();
    await writes.finish();
    return late;
  }

  /** Readings older than their meter's latest, placed between their neighbours one at a time. */
  private async recordLate(recording: Recording, late: readonly LateReading[], outcomes: ReadingOutcome[]): Promise<void> {
    const recorded: AcceptedReading[] = [];
    const recordedAt = new Map<string, AcceptedReading>();
    for (const { row, index, meter, value } of late) {
      const key = instantKey(meter.id, row.readAt.getTime());
      const repeat = recordedAt.get(key);
      if (repeat) {
        outcomes[index] = repeatOutcome({ id: repeat.id, value: repeat.scaledValue }, value, row.readAt);
        continue;
      }
      const placed = await this.placeLate(recording, row, meter, value);
      if ('outcome' in placed) {
        outcomes[index] = placed.outcome;
        continue;
      }
      outcomes[index] = recordedOutcome(placed);
      recorded.push(placed);
      recordedAt.set(key, placed);
    }
    await this.events.publish(recording.manager, recorded.map((reading) => meterReadingRecorded(recording.tenantId, reading.meter, reading)));
  }

  private async placeLate(recording: Recording, row: ReadingInput, meter: MeterState, value: Scaled): Promise<AcceptedReading | { outcome: ReadingOutcome }> {
    const { manager, tenantId } = recording;
    const { previous, next } = await this.meters.neighbours(manager, tenantId, meter.id, row.readAt);
    const placement = placeBetween(meter, row.value, value, previous, next);
    if ('outcome' in placement) return placement;
    if (next && placement.nextDelta !== null) await this.meters.setDelta(manager, tenantId, next.id, placement.nextDelta);
    if (placement.lifetimeShift !== null) await this.meters.shiftLifetimeAfter(manager, tenantId, meter.id, row.readAt, placement.lifetimeShift);
    const reading = acceptedReading(meter, { ...row, isReset: false }, value, placement.delta, placement.lifetime);
    await this.meters.insertReadings(manager, tenantId, [reading], recording.actor, recording.source);
    await this.meters.countOneMoreReading(manager, tenantId, meter.id);
    return reading;
  }
}
