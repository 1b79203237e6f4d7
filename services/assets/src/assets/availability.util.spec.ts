import { availabilityOf, mergeIntervals } from './availability.util';

describe('availability', () => {
  it('merges overlapping and touching intervals', () => {
    expect(mergeIntervals([{ start: 5, end: 8 }, { start: 0, end: 3 }, { start: 2, end: 5 }, { start: 10, end: 12 }])).toEqual([
      { start: 0, end: 8 },
      { start: 10, end: 12 },
    ]);
  });

  it('counts overlapping downtime once and gives overlap to unplanned', () => {
    const figures = availabilityOf(
      [
        { start: 10, end: 30, planned: true },
        { start: 20, end: 40, planned: false },
        { start: 90, end: 120, planned: false },
      ],
      0,
      100,
    );
    expect(figures.downtimeMs).toBe(40);
    expect(figures.unplannedDowntimeMs).toBe(30);
    expect(figures.plannedDowntimeMs).toBe(10);
    expect(figures.availability).toBeCloseTo(0.6);
  });
});
