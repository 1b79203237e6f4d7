import { ascending, figure, max, mean, median, medianOfPresent, min, percentile, percentiles, summarize } from './stats';

describe('benchmark stats', () => {
  it('median: middle value, mean of the two middle values for an even count, order-independent', () => {
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, -10, 0, 7, 7])).toBe(7);
  });

  it('medianOfPresent skips missing values, NaN when nothing is left', () => {
    expect(medianOfPresent([3, null, 1, undefined, NaN, 2])).toBe(2);
    expect(medianOfPresent([null, NaN])).toBeNaN();
  });

  it('min, max and mean', () => {
    expect(min([3, -1, 2])).toBe(-1);
    expect(max([3, -1, 2])).toBe(3);
    expect(mean([1, 2, 3, 6])).toBe(3);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
    expect(ascending(values)).toEqual([1, 2, 3]);
  });

  it('percentile: nearest rank, always an observed value', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    // 1,000 samples: p99 is the 990th smallest, p99.9 the 999th.
    const thousand = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentiles(thousand, [50, 99, 99.9])).toEqual([500, 990, 999]);
    // Few samples: p99 of 10 is the largest, not an interpolation beyond it.
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], 99)).toBe(1000);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('rejects empty samples, NaN and out-of-range percentiles', () => {
    expect(() => median([])).toThrow('no samples');
    expect(() => min([])).toThrow('no samples');
    expect(() => max([1, NaN])).toThrow('NaN');
    expect(() => percentile([1], 101)).toThrow('outside');
    expect(() => percentile([1], -1)).toThrow('outside');
  });

  it('summarize and figure: median/min/max per side, ratio of medians', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, samples: [3, 1, 2] });
    const throughput = figure('throughput', 'events/s', true, [250, 200, 300], [1000, 900, 1100]);
    expect(throughput.subject.median).toBe(250);
    expect(throughput.baseline).toMatchObject({ median: 1000, min: 900, max: 1100 });
    expect(throughput.ratio).toBe(0.25);
  });
});
