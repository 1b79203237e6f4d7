import type { TriggerKind } from './schedule-definition';

/**
 * The engine's memory of one occurrence stream (one plan × one asset), stored as JSON beside the
 * stream. Times are ISO strings so the state round-trips through JSON unchanged.
 */
export type TriggerState =
  | { kind: 'calendar'; startAt: string; nextAt: string | null; firedAt: string | null }
  | { kind: 'meter_interval'; nextTotal: number | null; lastTotal: number | null; lastReadAt: string | null; firedAt: string | null }
  | { kind: 'meter_threshold'; armed: boolean; lastReadAt: string | null; firedAt: string | null };

export interface StreamState {
  triggers: TriggerState[];
  /** Scheduled occurrences so far (skip-every-X counts them). */
  ordinal: number;
  /** Occurrences whose work order is open (or not yet reported back). */
  openOccurrenceIds: string[];
  lastOccurrenceAt: string | null;
  lastOccurrenceId: string | null;
}

export type SkipReason = 'open_overlap' | 'holiday' | 'non_working_day' | 'season' | 'skip_every';

/** An occurrence to emit as PmOccurrenceDue. */
export interface DueOccurrence {
  occurrenceId: string;
  /** The occurrence time of the schedule (identity); a calendar move does not change it. */
  occurrenceAt: Date;
  /** When the work is planned to start: the occurrence time, or the working day it moved to. */
  plannedStartAt: Date;
  dueAt: Date;
  trigger: TriggerKind | 'manual';
  /** Generated for missed occurrences under `catch_up_one`. */
  catchUp: boolean;
  /** Open occurrences this one replaces (`replace_open`). */
  replacesOccurrenceIds: string[];
}

export interface SkippedOccurrence {
  occurrenceId: string;
  occurrenceAt: Date;
  reason: SkipReason;
}

/** Occurrences that were due while nothing could generate them, reported as one count. */
export interface MissedOccurrences {
  count: number;
  firstAt: Date;
  lastAt: Date;
}

/** What one engine step decided: the new state and what to publish. */
export interface StreamStep {
  state: StreamState;
  due: DueOccurrence[];
  skipped: SkippedOccurrence[];
  missed: MissedOccurrences | null;
}

export interface StreamKey {
  planId: string;
  assetId: string;
}

/** A reading of an asset's meter, as MeterReadingRecorded carries it. */
export interface MeterReading {
  meterId: string;
  unit: string;
  /** The value read (gauges) or the meter's display value (cumulative). */
  value: number;
  /** Cumulative meters: usage over the meter's life across resets; null for gauges. */
  lifetimeTotal: number | null;
  readAt: Date;
}
