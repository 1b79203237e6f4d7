import { usageWindowAfter, type CumulativeReading } from './meter-usage-window';

const DAY = 86_400_000;
const reading = (day: number, total: number): CumulativeReading => ({
  meterId: 'm',
  assetId: 'a',
  unit: 'h',
  value: total,
  lifetimeTotal: total,
  readAt: new Date(Date.UTC(2027, 0, 1) + day * DAY),
});

describe('usageWindowAfter', () => {
  it('opens on the first reading, moves its end with newer ones, and its start once it is longer than 30 days', () => {
    let window = usageWindowAfter(undefined, reading(0, 100));
    expect([window.windowStartTotal, window.lastTotal]).toEqual([100, 100]);
    window = usageWindowAfter(window, reading(20, 300));
    expect([window.windowStartTotal, window.lastTotal]).toEqual([100, 300]);
    window = usageWindowAfter(window, reading(31, 400));
    expect([window.windowStartTotal, window.windowStartAt, window.lastTotal]).toEqual([300, reading(20, 0).readAt, 400]);
  });

  it('ignores a reading at or before the window end', () => {
    const window = usageWindowAfter(usageWindowAfter(undefined, reading(0, 100)), reading(5, 150));
    expect(usageWindowAfter(window, reading(5, 999))).toBe(window);
    expect(usageWindowAfter(window, reading(2, 120))).toBe(window);
  });
});
