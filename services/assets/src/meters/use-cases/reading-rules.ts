import { randomUUID } from 'node:crypto';
import { formatDecimal, parseDecimal, type Scaled } from '../../common/decimal.util';
import type { MeterTotals, NeighbourReading, NewReading } from '../meter.repository';

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

export function isInput(row: IngestRow): row is ReadingInput {
  return !('rejected' in row);
}

/** A meter while its readings are recorded: its totals, moved by each accepted reading. */
export interface MeterState extends MeterTotals {
  changed: boolean;
  /** The latest reading this request recorded for the meter (see findRepeat). */
  lastRecorded: AcceptedReading | null;
}

export function meterState(totals: MeterTotals): MeterState {
  return { ...totals, changed: false, lastRecorded: null };
}

/** A reading accepted for recording; its decimals formatted once, for the row, its event and its result. */
export interface AcceptedReading extends NewReading {
  meter: MeterState;
  scaledValue: Scaled;
}

export function acceptedReading(
  meter: MeterState,
  row: Pick<ReadingInput, 'readAt' | 'isReset' | 'workOrderId'>,
  value: Scaled,
  delta: Scaled | null,
  lifetime: Scaled | null,
): AcceptedReading {
  return {
    id: randomUUID(),
    meter,
    meterId: meter.id,
    assetId: meter.assetId,
    readAt: row.readAt,
    scaledValue: value,
    value: formatDecimal(value),
    delta: delta === null ? null : formatDecimal(delta),
    lifetimeTotal: lifetime === null ? null : formatDecimal(lifetime),
    isReset: row.isReset,
    workOrderId: row.workOrderId,
  };
}

export function recordedOutcome(reading: AcceptedReading): ReadingOutcome {
  return { status: 'recorded', readingId: reading.id, delta: reading.delta, lifetimeTotal: reading.lifetimeTotal };
}

export function instantKey(meterId: string, at: number): string {
  return `${meterId}@${at}`;
}

export interface RecordedAt {
  id: string;
  value: Scaled;
}

/**
 * A reading already recorded for the meter at that instant: a stored one, or the one this request
 * recorded last (rows are handled in time order per meter, so a repeat follows its original).
 */
function findRepeat(meter: MeterState, at: number, stored: ReadonlyMap<string, RecordedAt>): RecordedAt | undefined {
  if (meter.lastRecorded?.readAt.getTime() === at) return { id: meter.lastRecorded.id, value: meter.lastRecorded.scaledValue };
  return stored.size > 0 ? stored.get(instantKey(meter.id, at)) : undefined;
}

/** The same meter and instant again: a duplicate with the same value, else a conflict. */
export function repeatOutcome(recorded: RecordedAt, value: Scaled, readAt: Date): ReadingOutcome {
  return recorded.value === value
    ? { status: 'duplicate', readingId: recorded.id }
    : { status: 'rejected', code: 'conflict', error: `a different value was already recorded for this meter at ${readAt.toISOString()}` };
}

function decreasing(value: string, previous: Scaled): ReadingOutcome {
  return {
    status: 'rejected',
    code: 'decreasing',
    error: `${value} is below the previous reading ${formatDecimal(previous)}: a cumulative meter only decreases at a recorded reset`,
  };
}

/** What to do with a reading, in time order per meter: answer it now, place it among stored ones, or record it as the latest. */
export type ReadingDecision =
  | { outcome: ReadingOutcome }
  | { backfill: Scaled }
  | { latest: { value: Scaled; delta: Scaled | null; lifetime: Scaled | null } };

/**
 * The rules of a reading against the meter's state: the same meter and instant is recorded once;
 * only cumulative meters are reset, and a reset is the latest reading; a cumulative meter never
 * decreases except at a reset (the lifetime total carries over it); a reading older than the
 * latest is placed between its neighbours (see placeBetween).
 */
export function decide(meter: MeterState, row: ReadingInput, stored: ReadonlyMap<string, RecordedAt>): ReadingDecision {
  const value = parseDecimal(row.value);
  const at = row.readAt.getTime();
  const repeat = findRepeat(meter, at, stored);
  if (repeat) return { outcome: repeatOutcome(repeat, value, row.readAt) };
  if (row.isReset && meter.kind !== 'cumulative') return { outcome: { status: 'rejected', code: 'reset_not_allowed', error: 'only cumulative meters are reset' } };
  if (meter.lastReadAt !== null && at < meter.lastReadAt) {
    if (row.isReset) return { outcome: { status: 'rejected', code: 'reset_not_allowed', error: 'a reset must be later than the meter’s latest reading' } };
    return { backfill: value };
  }
  if (meter.kind !== 'cumulative') return { latest: { value, delta: meter.lastValue === null ? null : value - meter.lastValue, lifetime: null } };
  if (row.isReset) {
    return { latest: { value, delta: meter.lastValue === null ? null : 0n, lifetime: meter.lastValue === null ? value : meter.lifetime } };
  }
  if (meter.lastValue === null) return { latest: { value, delta: null, lifetime: value } };
  if (value < meter.lastValue) return { outcome: decreasing(row.value, meter.lastValue) };
  const delta = value - meter.lastValue;
  return { latest: { value, delta, lifetime: meter.lifetime + delta } };
}

/** Moves the meter's state past a reading recorded as its latest. */
export function advance(meter: MeterState, reading: AcceptedReading, lifetime: Scaled | null): void {
  if (lifetime !== null) meter.lifetime = lifetime;
  meter.lastRecorded = reading;
  meter.lastValue = reading.scaledValue;
  meter.lastReadAt = reading.readAt.getTime();
  meter.count += 1;
  meter.changed = true;
}

/** Where a late reading goes: its delta and lifetime, and what it changes after it. */
export interface Placement {
  delta: Scaled | null;
  lifetime: Scaled | null;
  /** The next reading's new delta (when the next is not a reset). */
  nextDelta: Scaled | null;
  /** How far the lifetime totals from the next reading on (a reset) and the meter's move. */
  lifetimeShift: Scaled | null;
}

/**
 * A reading older than the meter's latest must fit between its neighbours (cumulative: not below
 * the previous, not above the next unless the next is a reset). The next reading's delta is
 * recomputed; lifetime totals after it are unchanged (the deltas still add up to the same), unless
 * the next is a reset, which carries the lifetime of the reading before it: this one now.
 */
export function placeBetween(
  meter: Pick<MeterState, 'kind'>,
  text: string,
  value: Scaled,
  previous: NeighbourReading | null,
  next: NeighbourReading | null,
): Placement | { outcome: ReadingOutcome } {
  const delta = previous === null ? null : value - previous.value;
  const nextDelta = next && !next.isReset ? next.value - value : null;
  if (meter.kind !== 'cumulative') return { delta, lifetime: null, nextDelta, lifetimeShift: null };
  if (previous !== null && value < previous.value) return { outcome: decreasing(text, previous.value) };
  if (next && !next.isReset && next.value < value) {
    return { outcome: { status: 'rejected', code: 'decreasing', error: `${text} is above the next reading ${formatDecimal(next.value)} at ${next.readAt.toISOString()}` } };
  }
  let lifetime = previous ? (previous.lifetimeTotal ?? 0n) + (delta ?? 0n) : value;
  // The new earliest reading: the next one's lifetime total stays, so the first reading's lifetime
  // is what the next one's implies.
  if (!previous && next && !next.isReset) lifetime = (next.lifetimeTotal ?? 0n) - (next.value - value);
  const lifetimeShift = next?.isReset ? lifetime - (next.lifetimeTotal ?? 0n) : null;
  return { delta, lifetime, nextDelta, lifetimeShift };
}
