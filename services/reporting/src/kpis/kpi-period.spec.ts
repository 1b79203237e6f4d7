import { bucketsOf, bucketStart } from './kpi-period';
import { graceMs } from './work-order-kpis';

const at = (iso: string): number => Date.parse(`${iso}Z`);

describe('bucketsOf', () => {
  it('cuts the first and last month to the period', () => {
    expect(bucketsOf({ from: at('2026-01-15T00:00'), to: at('2026-03-10T00:00') }, 'month')).toEqual([
      { from: at('2026-01-15T00:00'), to: at('2026-02-01T00:00') },
      { from: at('2026-02-01T00:00'), to: at('2026-03-01T00:00') },
      { from: at('2026-03-01T00:00'), to: at('2026-03-10T00:00') },
    ]);
  });

  it('starts weeks on Monday (ISO), also across a year', () => {
    expect(bucketStart(at('2027-01-01T12:00'), 'week')).toBe(at('2026-12-28T00:00'));
    expect(bucketStart(at('2026-03-08T23:59'), 'week')).toBe(at('2026-03-02T00:00'));
    expect(bucketsOf({ from: at('2026-03-04T00:00'), to: at('2026-03-18T00:00') }, 'week')).toHaveLength(3);
  });
});

describe('PM grace', () => {
  it('is 20 % of the interval, at most 28 days, none without an interval', () => {
    const day = 86_400_000;
    expect(graceMs(7 * day)).toBeCloseTo(1.4 * day, 6);
    expect(graceMs(30 * day)).toBe(6 * day);
    expect(graceMs(91 * day)).toBeCloseTo(18.2 * day, 6);
    expect(graceMs(365 * day)).toBe(28 * day);
    expect(graceMs(null)).toBe(0);
  });
});
