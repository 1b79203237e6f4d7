export interface Interval {
  start: number;
  end: number;
}

/** Sorts and merges overlapping or touching intervals. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

export function totalLength(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, i) => sum + (i.end - i.start), 0);
}

export interface DowntimeSpan extends Interval {
  planned: boolean;
}

export interface AvailabilityFigures {
  periodMs: number;
  downtimeMs: number;
  unplannedDowntimeMs: number;
  plannedDowntimeMs: number;
  uptimeMs: number;
  /** uptime ÷ period, 0..1. */
  availability: number;
  merged: Interval[];
}

/**
 * Availability over [from, to): downtime intervals are clipped to the period and merged, so
 * overlapping records count once. Where planned and unplanned overlap, the time counts as unplanned.
 */
export function availabilityOf(spans: readonly DowntimeSpan[], from: number, to: number): AvailabilityFigures {
  const clip = (s: Interval): Interval => ({ start: Math.max(s.start, from), end: Math.min(s.end, to) });
  const all = mergeIntervals(spans.map(clip));
  const unplanned = mergeIntervals(spans.filter((s) => !s.planned).map(clip));
  const periodMs = Math.max(0, to - from);
  const downtimeMs = totalLength(all);
  const unplannedDowntimeMs = totalLength(unplanned);
  return {
    periodMs,
    downtimeMs,
    unplannedDowntimeMs,
    plannedDowntimeMs: downtimeMs - unplannedDowntimeMs,
    uptimeMs: periodMs - downtimeMs,
    availability: periodMs === 0 ? 1 : (periodMs - downtimeMs) / periodMs,
    merged: all,
  };
}
