import { initialStreamState, recordReading, type ScheduleDefinition } from '../schedule';
import { forecastStream, type ForecastStream } from './forecast';
import { weeklyWorkload } from './workload';

const key = { planId: '0d6f4a2e-6b1c-4c1e-9d55-0a3c2b8e7f10', assetId: '5b1e9c3a-2f4d-4e8a-b7c6-1d2e3f4a5b6c' };
const at = (iso: string) => new Date(iso);

function definition(overrides: Partial<ScheduleDefinition> = {}): ScheduleDefinition {
  return {
    zone: 'Europe/Berlin',
    startsAt: at('2026-03-02T05:00:00Z'),
    endsAt: null,
    triggers: [{ kind: 'calendar', rule: 'FREQ=WEEKLY;BYDAY=MO,TH' }],
    combine: 'any',
    anchor: 'fixed',
    leadTime: 'P1D',
    dueOffset: 'PT8H',
    overlap: 'skip_if_open',
    missed: 'skip_and_log',
    seasons: [],
    skipEvery: null,
    calendar: { workingDays: [1, 2, 3, 4, 5], holidays: ['2026-03-12'], nonWorkingDayRule: 'skip' },
    ...overrides,
  };
}

function stream(def: ScheduleDefinition, usage: Array<[number, number]> = []): ForecastStream {
  return { key, definition: def, state: initialStreamState(def, def.startsAt), usageRates: new Map(usage.map(([index, unitsPerDay]) => [index, { unitsPerDay, unit: 'h' }])) };
}

describe('forecastStream', () => {
  it('lists the calendar occurrences the engine will generate, after calendars, across the spring change', () => {
    const found = forecastStream(stream(definition()), at('2026-03-09T00:00:00Z'), at('2026-04-03T00:00:00Z'), 100);
    // Thursday 12 March is a holiday; from 30 March 06:00 Berlin is 04:00 UTC.
    expect(found.map((item) => item.plannedStartAt.toISOString())).toEqual([
      '2026-03-09T05:00:00.000Z',
      '2026-03-16T05:00:00.000Z',
      '2026-03-19T05:00:00.000Z',
      '2026-03-23T05:00:00.000Z',
      '2026-03-26T05:00:00.000Z',
      '2026-03-30T04:00:00.000Z',
      '2026-04-02T04:00:00.000Z',
    ]);
    expect(found.every((item) => item.estimate === null)).toBe(true);
    expect(found[0]!.dueAt.toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });

  it('estimates meter-interval occurrences from the usage rate and marks them', () => {
    const def = definition({ triggers: [{ kind: 'meter_interval', meter: { unit: 'h' }, every: 100 }], calendar: null });
    const base = stream(def, [[0, 20]]);
    const state = recordReading(def, key, base.state, { meterId: 'm', unit: 'h', value: 1000, lifetimeTotal: 1000, readAt: at('2026-03-01T00:00:00Z') }).state;
    const found = forecastStream({ ...base, state }, at('2026-03-01T00:00:00Z'), at('2026-03-20T00:00:00Z'), 100);
    // 100 h at 20 h a day: every five days after the last reading.
    expect(found.map((item) => [item.occurrenceAt.toISOString(), item.estimate])).toEqual([
      ['2026-03-06T00:00:00.000Z', { ratePerDay: 20, unit: 'h' }],
      ['2026-03-11T00:00:00.000Z', { ratePerDay: 20, unit: 'h' }],
      ['2026-03-16T00:00:00.000Z', { ratePerDay: 20, unit: 'h' }],
    ]);
  });

  it('stops at the limit and forecasts nothing for a meter without a rate', () => {
    expect(forecastStream(stream(definition()), at('2026-03-01T00:00:00Z'), at('2027-03-01T00:00:00Z'), 3)).toHaveLength(3);
    const meterOnly = definition({ triggers: [{ kind: 'meter_interval', meter: { unit: 'h' }, every: 100 }] });
    expect(forecastStream(stream(meterOnly), at('2026-03-01T00:00:00Z'), at('2027-03-01T00:00:00Z'), 10)).toEqual([]);
  });
});

describe('weeklyWorkload', () => {
  it('sums estimated hours per ISO week, team and assignee; unknown durations are counted apart', () => {
    const base = { planId: 'p', assetId: 'a', trigger: 'calendar' as const, estimate: null };
    const occurrence = (iso: string, estimatedMinutes: number | null, teamId: string | null, assigneeIds: string[]) => ({
      ...base,
      occurrenceAt: at(iso),
      plannedStartAt: at(iso),
      dueAt: at(iso),
      estimatedMinutes,
      teamId,
      assigneeIds,
    });
    const weeks = weeklyWorkload(
      [
        occurrence('2026-03-02T05:00:00Z', 90, 'mech', ['ann', 'bob']),
        occurrence('2026-03-05T05:00:00Z', 30, 'mech', ['ann']),
        occurrence('2026-03-08T23:30:00Z', 60, 'elec', []), // Sunday 23:30 UTC is Monday 00:30 in Berlin: next week
        occurrence('2026-03-09T05:00:00Z', null, 'elec', []),
      ],
      'Europe/Berlin',
    );
    expect(weeks).toEqual([
      { week: '2026-W10', occurrences: 2, withoutEstimate: 0, hours: 2, hoursByTeam: { mech: 2 }, hoursByAssignee: { ann: 2, bob: 1.5 } },
      { week: '2026-W11', occurrences: 2, withoutEstimate: 1, hours: 1, hoursByTeam: { elec: 1 }, hoursByAssignee: {} },
    ]);
  });
});
