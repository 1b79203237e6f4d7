/** A half-open period [from, to) in epoch milliseconds. */
export interface Period {
  from: number;
  to: number;
}

export type Granularity = 'day' | 'week' | 'month';
export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function contains(period: Period, instant: number): boolean {
  return instant >= period.from && instant < period.to;
}

/** Start of the UTC day, ISO week (Monday) or month that holds the instant. */
export function bucketStart(instant: number, granularity: Granularity): number {
  const date = new Date(instant);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  if (granularity === 'day') return day;
  if (granularity === 'week') return day - ((date.getUTCDay() + 6) % 7) * DAY_MS;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextBucket(start: number, granularity: Granularity): number {
  if (granularity === 'day') return start + DAY_MS;
  if (granularity === 'week') return start + 7 * DAY_MS;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/**
 * The buckets covering a period, in UTC; the first and last are cut to the period so a trend's
 * buckets add up to the period exactly.
 */
export function bucketsOf(period: Period, granularity: Granularity): Period[] {
  const buckets: Period[] = [];
  for (let start = bucketStart(period.from, granularity); start < period.to; start = nextBucket(start, granularity)) {
    buckets.push({ from: Math.max(start, period.from), to: Math.min(nextBucket(start, granularity), period.to) });
  }
  return buckets;
}

export function toIsoPeriod(period: Period): { from: string; to: string } {
  return { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() };
}
