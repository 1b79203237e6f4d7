import type { Figure, Summary } from './types';

function requireSamples(values: readonly number[], what: string): void {
  if (values.length === 0) throw new Error(`${what} of no samples`);
  if (values.some((value) => Number.isNaN(value))) throw new Error(`${what} of samples containing NaN`);
}

export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export function min(values: readonly number[]): number {
  requireSamples(values, 'min');
  return values.reduce((lowest, value) => (value < lowest ? value : lowest));
}

export function max(values: readonly number[]): number {
  requireSamples(values, 'max');
  return values.reduce((highest, value) => (value > highest ? value : highest));
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  requireSamples(values, 'median');
  const sorted = ascending(values);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Nearest-rank percentile (p in 0..100): the smallest sample with at least p % of the samples at
 * or below it. Always an observed value, never an interpolation: a p99 of 1,000 latencies is the
 * 990th smallest. p = 0 is the minimum.
 */
export function percentile(values: readonly number[], p: number): number {
  return percentiles(values, [p])[0];
}

/** Several nearest-rank percentiles with one sort. */
export function percentiles(values: readonly number[], ps: readonly number[]): number[] {
  requireSamples(values, 'percentile');
  const sorted = ascending(values);
  return ps.map((p) => {
    if (!(p >= 0 && p <= 100)) throw new Error(`percentile ${p} is outside 0..100`);
    // The epsilon keeps binary floating point from bumping an exact rank up (99.9 % of 1,000 = 999).
    const rank = Math.ceil((p / 100) * sorted.length - 1e-9);
    return sorted[Math.max(0, rank - 1)];
  });
}

/** Median of the values that are present (not null/undefined/NaN); NaN when none is. */
export function medianOfPresent(values: ReadonlyArray<number | null | undefined>): number {
  const present = values.filter((value): value is number => typeof value === 'number' && !Number.isNaN(value));
  return present.length > 0 ? median(present) : NaN;
}

export function mean(values: readonly number[]): number {
  requireSamples(values, 'mean');
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function summarize(samples: readonly number[]): Summary {
  return { median: median(samples), min: min(samples), max: max(samples), samples: [...samples] };
}

/** A figure from per-repetition samples of both sides; ratio = subject median / baseline median. */
export function figure(
  name: string,
  unit: string,
  higherIsBetter: boolean,
  subjectSamples: readonly number[],
  baselineSamples: readonly number[],
): Figure {
  const subject = summarize(subjectSamples);
  const baseline = summarize(baselineSamples);
  return { name, unit, higherIsBetter, subject, baseline, ratio: subject.median / baseline.median };
}
