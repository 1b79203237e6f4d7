import type { KpiFilters } from './kpi-filters';
import type { Micros } from './kpi-facts';
import type { Period } from './kpi-period';

export type KpiUnit = 'hours' | 'ratio' | 'count' | 'money';

/** A figure's inputs: every number behind it (money as exact decimal strings). */
export type KpiCounts = Record<string, number | string>;

/** One row of a figure split by a dimension (priority and age, asset, location …). */
export interface KpiBreakdownRow {
  key: Record<string, string>;
  counts: KpiCounts;
}

/** What a figure was computed from, to drill down to. */
export interface KpiDrillDown {
  workOrderIds: string[];
  downtimeIds: string[];
  /** Connection state intervals (connection-health). */
  connectionStateIds?: string[];
  /** Alerts (alert-volume). */
  alertIds?: string[];
}

/**
 * A KPI value with everything needed to trust it: its formula, period, filters, the counts it was
 * computed from and the records behind them. `value` is null when the formula's divisor is zero
 * (an MTTR without repairs is unknown, not zero).
 */
export interface KpiFigure {
  kpi: string;
  value: number | null;
  unit: KpiUnit;
  formula: string;
  period: Period;
  filters: KpiFilters;
  counts: KpiCounts;
  breakdown?: KpiBreakdownRow[];
  drillDown: KpiDrillDown;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Hours with millisecond inputs, rounded to the second so figures compare exactly in tests and CSV. */
export function hours(ms: number): number {
  return Math.round(ms / 1000) / 3600;
}

const MICROS_PER_UNIT = 1_000_000n;

/** Exact decimal text of an amount in millionths: "12.5", "3", "-0.25". */
export function formatMoney(amount: Micros): string {
  const negative = amount < 0n;
  const absolute = negative ? -amount : amount;
  const fraction = (absolute % MICROS_PER_UNIT).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${absolute / MICROS_PER_UNIT}${fraction ? `.${fraction}` : ''}`;
}

export function uniqueSorted(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort();
}
