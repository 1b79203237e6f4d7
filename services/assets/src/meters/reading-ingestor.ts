import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Inject, Injectable } from '@nestjs/common';
import { MeterKind, MeterReadingRecordedSchema } from '@mate/contracts';
import { arrayLiteral, StatementPipeline } from '@mate/database';
import type { OutboundEvent } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import { formatDecimal, fromNumeric, parseDecimal, type Scaled } from '../common/decimal.util';
import { EventPublisher, outboundEvent } from '../common/event-publisher';
import type { MeterKindName } from './meter.entity';

/** One reading to record, already parsed. */
export interface ReadingInput {
  meterId: string;
  value: string;
  readAt: Date;
  workOrderId: string | null;
  /** A meter reset or replacement: `value` is the new baseline. */
  isReset: boolean;
}

export type RejectionCode = 'invalid' | 'meter_not_found' | 'future' | 'decreasing' | 'conflict' | 'reset_not_allowed';

export type ReadingOutcome =
  | { status: 'recorded'; readingId: string; delta: string | null; lifetimeTotal: string | null }
  | { status: 'duplicate'; readingId: string }
  | { status: 'rejected'; code: RejectionCode; error: string };

/** A row that failed parsing is passed on as its rejection, so results keep the request's order. */
export type IngestRow = ReadingInput | { rejected: RejectionCode; error: string };

interface MeterState {
  id: string;
  assetId: string;
  kind: MeterKindName;
  unit: string;
  lastValue: Scaled | null;
  lastReadAt: number | null;
  lifetime: Scaled;
  count: number;
  changed: boolean;
  /** The latest reading this request recorded for the meter (see findRepeat). */
  lastRecorded: AcceptedRow | null;
}

interface AcceptedRow {
  index: number;
  id: string;
  meter: MeterState;
  readAt: Date;
  value: Scaled;
  delta: Scaled | null;
  lifetime: Scaled | null;
  isReset: boolean;
  workOrderId: string | null;
  /** The decimals as canonical text, formatted once: the row, its event and its result use them. */
  text: { value: string; delta: string | null; lifetime: string | null };
}

function acceptedRow(fields: Omit<AcceptedRow, 'id' | 'text'>): AcceptedRow {
  const { index, meter, readAt, value, delta, lifetime, isReset, workOrderId } = fields;
  const text = {
    value: formatDecimal(value),
    delta: delta === null ? null : formatDecimal(delta),
    lifetime: lifetime === null ? null : formatDecimal(lifetime),
  };
  return { index, id: randomUUID(), meter, readAt, value, delta, lifetime, isReset, workOrderId, text };
}

interface MeterRow {
  id: string;
  asset_id: string;
  kind: MeterKindName;
  unit: string;
  last_value: string | null;
  last_read_at: Date | null;
  lifetime_total: string;
  reading_count: string;
}

interface NeighbourRow {
  id: string;
  value: string;
  lifetime_total: string | null;
  is_reset: boolean;
  read_at: Date;
}

const METER_KIND: Record<MeterKindName, MeterKind> = { cumulative: MeterKind.CUMULATIVE, gauge: MeterKind.GAUGE };

/**
 * Readings per INSERT when many are recorded at once: small enough that the first one starts
 * early, large enough that each statement's fixed cost stays small.
 */
const INSERT_CHUNK = 2_000;

function instantKey(meterId: string, at: number): string {
  return `${meterId}@${at}`;
}

/**
 * A reading already recorded for the meter at that instant: a stored one, or the one this request
 * recorded last (rows are handled in time order per meter, so a repeat follows its original).
 */
function findRepeat(meter: MeterState, at: number, stored: ReadonlyMap<string, { id: string; value: Scaled }>): { id: string; value: Scaled } | undefined {
  if (meter.lastRecorded?.readAt.getTime() === at) return meter.lastRecorded;
  return stored.size > 0 ? stored.get(instantKey(meter.id, at)) : undefined;
}

/** The same meter and instant again: a duplicate with the same value, else a conflict. */
function repeatOutcome(recorded: { id: string; value: Scaled }, value: Scaled, readAt: Date): ReadingOutcome {
  return recorded.value === value
    ? { status: 'duplicate', readingId: recorded.id }
    : { status: 'rejected', code: 'conflict', error: `a different value was already recorded for this meter at ${readAt.toISOString()}` };
}

function isInput(row: IngestRow): row is ReadingInput {
  return !('rejected' in row);
}

/**
 * Records readings in bulk inside the caller's transaction: set-based statements (an insert per
 * chunk of rows, one update for all meters) rather than a save() per row. Rules: a cumulative meter never
 * decreases except at a reset; the same meter and instant is recorded once (a repeat with the same
 * value is a duplicate, with another value a conflict); every recorded reading emits
 * MeterReadingRecorded in the same transaction.
 */
@Injectable()
export class ReadingIngestor {
  constructor(@Inject(EventPublisher) private readonly events: EventPublisher) {}

  async ingest(manager: EntityManager, tenantId: string, rows: readonly IngestRow[], actor: string, source: string): Promise<ReadingOutcome[]> {
    const outcomes: ReadingOutcome[] = rows.map((row) =>
      isInput(row) ? { status: 'rejected', code: 'invalid', error: 'not processed' } : { status: 'rejected', code: row.rejected, error: row.error },
    );
    const meterIds = [...new Set(rows.filter(isInput).map((row) => row.meterId))].sort();
    if (meterIds.length === 0) return outcomes;

    // Locked in id order: concurrent ingests of the same meters serialise without deadlocks.
    const meterRows: MeterRow[] = await manager.query(
      `select id, asset_id, kind, unit, last_value::text, last_read_at, lifetime_total::text, reading_count::text
         from meters where tenant_id = $1 and id = any($2::uuid[]) order by id for update`,
      [tenantId, meterIds],
    );
    const meters = new Map<string, MeterState>(
      meterRows.map((m) => [
        m.id,
        {
          id: m.id,
          assetId: m.asset_id,
          kind: m.kind,
          unit: m.unit,
          lastValue: m.last_value === null ? null : fromNumeric(m.last_value),
          lastReadAt: m.last_read_at === null ? null : new Date(m.last_read_at).getTime(),
          lifetime: fromNumeric(m.lifetime_total),
          count: Number(m.reading_count),
          changed: false,
          lastRecorded: null,
        },
      ]),
    );

    // Rows at or before a meter's latest reading may repeat a stored one: look those up in one query.
    const indexed = rows
      .map((row, index) => ({ row, index }))
      .filter((entry): entry is { row: ReadingInput; index: number } => isInput(entry.row));
    const old = indexed.filter(({ row }) => {
      const meter = meters.get(row.meterId);
      return meter !== undefined && meter.lastReadAt !== null && row.readAt.getTime() <= meter.lastReadAt;
    });
    const stored = new Map<string, { id: string; value: Scaled }>();
    if (old.length > 0) {
      const found: Array<{ id: string; meter_id: string; read_at: Date; value: string }> = await manager.query(
        `select r.id, r.meter_id, r.read_at, r.value::text
           from meter_readings r
           join unnest($2::uuid[], $3::timestamptz[]) as k(meter_id, read_at) on r.meter_id = k.meter_id and r.read_at = k.read_at
          where r.tenant_id = $1`,
        [tenantId, old.map(({ row }) => row.meterId), old.map(({ row }) => row.readAt.toISOString())],
      );
      for (const f of found) stored.set(instantKey(f.meter_id, new Date(f.read_at).getTime()), { id: f.id, value: fromNumeric(f.value) });
    }

    // In time order per meter (stable for equal instants).
    indexed.sort((a, b) => (a.row.meterId < b.row.meterId ? -1 : a.row.meterId > b.row.meterId ? 1 : a.row.readAt.getTime() - b.row.readAt.getTime() || a.index - b.index));
    const accepted: AcceptedRow[] = [];
    // Accepted readings and their events go to PostgreSQL a chunk at a time: while it inserts a
    // chunk this process encodes the chunk's events, and while it appends them this process
    // computes the next chunk.
    const writes = new StatementPipeline();
    let sentUpTo = 0;
    const sendAccepted = async (): Promise<void> => {
      const chunk = accepted.slice(sentUpTo);
      sentUpTo = accepted.length;
      if (chunk.length === 0) return;
      await writes.send(() => this.insertReadings(manager, tenantId, chunk, actor, source));
      const events = this.events.encode(chunk.map((row) => this.recorded(tenantId, row)));
      await writes.send(() => this.events.publish(manager, events));
    };
    const backfills: Array<{ index: number; row: ReadingInput; meter: MeterState; value: Scaled }> = [];
    for (const { row, index } of indexed) {
      const meter = meters.get(row.meterId);
      if (!meter) {
        outcomes[index] = { status: 'rejected', code: 'meter_not_found', error: `meter ${row.meterId} not found` };
        continue;
      }
      const value = parseDecimal(row.value);
      const at = row.readAt.getTime();
      const repeat = findRepeat(meter, at, stored);
      if (repeat) {
        outcomes[index] = repeatOutcome(repeat, value, row.readAt);
        continue;
      }
      if (row.isReset && meter.kind !== 'cumulative') {
        outcomes[index] = { status: 'rejected', code: 'reset_not_allowed', error: 'only cumulative meters are reset' };
        continue;
      }
      if (meter.lastReadAt !== null && at < meter.lastReadAt) {
        if (row.isReset) {
          outcomes[index] = { status: 'rejected', code: 'reset_not_allowed', error: 'a reset must be later than the meter’s latest reading' };
          continue;
        }
        backfills.push({ index, row, meter, value });
        continue;
      }
      let delta: Scaled | null = null;
      let lifetime: Scaled | null = null;
      if (meter.kind === 'cumulative') {
        if (row.isReset) {
          delta = meter.lastValue === null ? null : 0n;
          lifetime = meter.lastValue === null ? value : meter.lifetime;
        } else if (meter.lastValue === null) {
          lifetime = value;
        } else {
          if (value < meter.lastValue) {
            outcomes[index] = {
              status: 'rejected',
              code: 'decreasing',
              error: `${row.value} is below the previous reading ${formatDecimal(meter.lastValue)}: a cumulative meter only decreases at a recorded reset`,
            };
            continue;
          }
          delta = value - meter.lastValue;
          lifetime = meter.lifetime + delta;
        }
        meter.lifetime = lifetime;
      } else if (meter.lastValue !== null) {
        delta = value - meter.lastValue;
      }
      const record = acceptedRow({ index, meter, readAt: row.readAt, value, delta, lifetime, isReset: row.isReset, workOrderId: row.workOrderId });
      accepted.push(record);
      meter.lastRecorded = record;
      meter.lastValue = value;
      meter.lastReadAt = at;
      meter.count += 1;
      meter.changed = true;
      outcomes[index] = {
        status: 'recorded',
        readingId: record.id,
        delta: record.text.delta,
        lifetimeTotal: record.text.lifetime,
      };
      if (accepted.length - sentUpTo === INSERT_CHUNK) await sendAccepted();
    }
    await sendAccepted();
    await writes.finish();
    const changedMeters = [...meters.values()].filter((m) => m.changed);
    if (changedMeters.length > 0) {
      await manager.query(
        `update meters m
            set last_value = u.last_value, last_read_at = u.last_read_at, lifetime_total = u.lifetime_total,
                reading_count = u.reading_count, updated_at = now()
           from unnest($2::uuid[], $3::numeric[], $4::timestamptz[], $5::numeric[], $6::bigint[])
                as u(id, last_value, last_read_at, lifetime_total, reading_count)
          where m.tenant_id = $1 and m.id = u.id`,
        [
          tenantId,
          changedMeters.map((m) => m.id),
          changedMeters.map((m) => (m.lastValue === null ? null : formatDecimal(m.lastValue))),
          changedMeters.map((m) => (m.lastReadAt === null ? null : new Date(m.lastReadAt).toISOString())),
          changedMeters.map((m) => formatDecimal(m.lifetime)),
          changedMeters.map((m) => String(m.count)),
        ],
      );
    }

    // Readings older than the latest one are placed between their neighbours, one at a time.
    const backfilled: AcceptedRow[] = [];
    const backfilledAt = new Map<string, AcceptedRow>();
    for (const backfill of backfills) {
      const key = instantKey(backfill.meter.id, backfill.row.readAt.getTime());
      const repeat = backfilledAt.get(key);
      if (repeat) {
        outcomes[backfill.index] = repeatOutcome(repeat, backfill.value, backfill.row.readAt);
        continue;
      }
      const outcome = await this.backfill(manager, tenantId, backfill.row, backfill.meter, backfill.value, actor, source);
      outcomes[backfill.index] = outcome.outcome;
      if (outcome.record) {
        backfilled.push({ ...outcome.record, index: backfill.index });
        backfilledAt.set(key, outcome.record);
      }
    }
    await this.events.publish(manager, backfilled.map((row) => this.recorded(tenantId, row)));
    return outcomes;
  }

  private async insertReadings(manager: EntityManager, tenantId: string, rows: readonly AcceptedRow[], actor: string, source: string): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `insert into meter_readings (id, tenant_id, meter_id, asset_id, read_at, value, delta, lifetime_total, is_reset, work_order_id, source, recorded_by, created_at)
       select u.id, $1, u.meter_id, u.asset_id, u.read_at, u.value, u.delta, u.lifetime_total, u.is_reset, u.work_order_id, $2, $3, now()
         from unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::timestamptz[], $8::numeric[], $9::numeric[], $10::numeric[], $11::boolean[], $12::uuid[])
              as u(id, meter_id, asset_id, read_at, value, delta, lifetime_total, is_reset, work_order_id)`,
      [
        tenantId,
        source,
        actor,
        arrayLiteral(rows.map((r) => r.id)),
        arrayLiteral(rows.map((r) => r.meter.id)),
        arrayLiteral(rows.map((r) => r.meter.assetId)),
        arrayLiteral(rows.map((r) => r.readAt.toISOString())),
        arrayLiteral(rows.map((r) => r.text.value)),
        arrayLiteral(rows.map((r) => r.text.delta)),
        arrayLiteral(rows.map((r) => r.text.lifetime)),
        arrayLiteral(rows.map((r) => r.isReset)),
        arrayLiteral(rows.map((r) => r.workOrderId)),
      ],
    );
  }

  /**
   * A reading older than the meter's latest: it must fit between its neighbours (cumulative: not
   * below the previous, not above the next unless the next is a reset). The next reading's delta is
   * recomputed; lifetime totals after it are unchanged (the deltas still add up to the same).
   */
  private async backfill(
    manager: EntityManager,
    tenantId: string,
    row: ReadingInput,
    meter: MeterState,
    value: Scaled,
    actor: string,
    source: string,
  ): Promise<{ outcome: ReadingOutcome; record?: AcceptedRow }> {
    const at = row.readAt.toISOString();
    const [previous]: NeighbourRow[] = await manager.query(
      `select id, value::text, lifetime_total::text, is_reset, read_at from meter_readings
        where tenant_id = $1 and meter_id = $2 and read_at < $3 order by read_at desc limit 1`,
      [tenantId, meter.id, at],
    );
    const [next]: NeighbourRow[] = await manager.query(
      `select id, value::text, lifetime_total::text, is_reset, read_at from meter_readings
        where tenant_id = $1 and meter_id = $2 and read_at > $3 order by read_at asc limit 1`,
      [tenantId, meter.id, at],
    );
    const previousValue = previous ? fromNumeric(previous.value) : null;
    let delta: Scaled | null = previousValue === null ? null : value - previousValue;
    let lifetime: Scaled | null = null;
    if (meter.kind === 'cumulative') {
      if (previousValue !== null && value < previousValue) {
        return { outcome: { status: 'rejected', code: 'decreasing', error: `${row.value} is below the previous reading ${formatDecimal(previousValue)}: a cumulative meter only decreases at a recorded reset` } };
      }
      if (next && !next.is_reset && fromNumeric(next.value) < value) {
        return { outcome: { status: 'rejected', code: 'decreasing', error: `${row.value} is above the next reading ${formatDecimal(fromNumeric(next.value))} at ${new Date(next.read_at).toISOString()}` } };
      }
      lifetime = previous ? fromNumeric(previous.lifetime_total) + (delta ?? 0n) : value;
      if (!previous && next && !next.is_reset) {
        // The new earliest reading: the next one's lifetime total stays, so the first reading's
        // lifetime is what the next one's implies.
        lifetime = fromNumeric(next.lifetime_total) - (fromNumeric(next.value) - value);
      }
      delta = previous ? delta : null;
    }
    if (next && !next.is_reset) {
      await manager.query(`update meter_readings set delta = $3 where tenant_id = $1 and id = $2`, [
        tenantId,
        next.id,
        formatDecimal(fromNumeric(next.value) - value),
      ]);
    }
    if (next?.is_reset && lifetime !== null) {
      // A reset carries the lifetime total of the reading before it: that is now this one, so the
      // reset and every reading after it (and the meter) move by the usage this reading adds.
      const shift = formatDecimal(lifetime - fromNumeric(next.lifetime_total));
      await manager.query(
        `update meter_readings set lifetime_total = lifetime_total + $4 where tenant_id = $1 and meter_id = $2 and read_at > $3`,
        [tenantId, meter.id, at, shift],
      );
      await manager.query(`update meters set lifetime_total = lifetime_total + $3 where tenant_id = $1 and id = $2`, [tenantId, meter.id, shift]);
    }
    const record = acceptedRow({ index: -1, meter, readAt: row.readAt, value, delta, lifetime, isReset: false, workOrderId: row.workOrderId });
    await this.insertReadings(manager, tenantId, [record], actor, source);
    await manager.query(`update meters set reading_count = reading_count + 1 where tenant_id = $1 and id = $2`, [tenantId, meter.id]);
    return {
      outcome: { status: 'recorded', readingId: record.id, delta: record.text.delta, lifetimeTotal: record.text.lifetime },
      record,
    };
  }

  private recorded(tenantId: string, row: AcceptedRow): OutboundEvent {
    return outboundEvent(
      MeterReadingRecordedSchema,
      tenantId,
      row.meter.id,
      {
        meterId: row.meter.id,
        assetId: row.meter.assetId,
        value: row.text.value,
        delta: row.text.delta ?? '',
        lifetimeTotal: row.text.lifetime ?? '',
        readAt: timestampFromDate(row.readAt),
        kind: METER_KIND[row.meter.kind],
        readingId: row.id,
        unit: row.meter.unit,
        isReset: row.isReset,
        workOrderId: row.workOrderId ?? '',
      },
      row.readAt,
    );
  }
}
