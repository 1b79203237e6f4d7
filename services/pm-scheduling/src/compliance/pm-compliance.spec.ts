import { graceOf, pmCompliance, type ComplianceOccurrence } from './pm-compliance';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

function occurrence(id: string, dueAt: string, intervalDays: number, completedAt: string | null, cancelled = false): ComplianceOccurrence {
  return { occurrenceId: id, planId: 'p', assetId: 'a', dueAt: at(dueAt), intervalMs: intervalDays * DAY, completedAt: completedAt === null ? null : at(completedAt), cancelled };
}

describe('graceOf', () => {
  it('is 20 % of the interval, at most 28 days', () => {
    expect(graceOf(7 * DAY) / DAY).toBeCloseTo(1.4);
    expect(graceOf(30 * DAY) / DAY).toBe(6);
    expect(graceOf(90 * DAY) / DAY).toBe(18);
    expect(graceOf(365 * DAY) / DAY).toBe(28);
  });
});

describe('pmCompliance', () => {
  it('counts on time within the grace, late after it, missed when open past it; hand-computed 2 / 4', () => {
    const now = at('2026-04-30T00:00:00Z');
    const report = pmCompliance(
      [
        occurrence('weekly-on-time', '2026-04-01T08:00:00Z', 7, '2026-04-02T08:00:00Z'), // 1 day late, grace 1.4 days
        occurrence('weekly-late', '2026-04-08T08:00:00Z', 7, '2026-04-09T19:00:00Z'), // 1.46 days late
        occurrence('monthly-on-time', '2026-04-01T08:00:00Z', 30, '2026-04-07T08:00:00Z'), // exactly at the deadline
        occurrence('monthly-missed', '2026-04-10T08:00:00Z', 30, null), // deadline 16 April
        occurrence('monthly-in-grace', '2026-04-27T08:00:00Z', 30, null), // deadline 3 May
        occurrence('cancelled', '2026-04-15T08:00:00Z', 7, null, true),
        occurrence('before-period', '2026-03-31T23:59:59Z', 7, null),
        occurrence('after-period', '2026-05-01T00:00:00Z', 7, null),
      ],
      at('2026-04-01T00:00:00Z'),
      at('2026-05-01T00:00:00Z'),
      now,
    );
    expect(report).toMatchObject({ due: 4, onTime: 2, late: 1, missed: 1, openInGrace: 1, cancelled: 1, compliance: 0.5 });
    expect(report.lateOccurrences.map((item) => item.occurrenceId)).toEqual(['weekly-late']);
    expect(report.missedOccurrences.map((item) => [item.occurrenceId, item.deadline.toISOString()])).toEqual([['monthly-missed', '2026-04-16T08:00:00.000Z']]);
  });

  it('has no figure when nothing was due', () => {
    expect(pmCompliance([], at('2026-04-01T00:00:00Z'), at('2026-05-01T00:00:00Z'), at('2026-05-02T00:00:00Z')).compliance).toBeNull();
  });
});
