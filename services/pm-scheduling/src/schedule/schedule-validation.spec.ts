import type { ScheduleDefinition } from './schedule-definition';
import { scheduleErrors } from './schedule-validation';
import { isInSeason, seasonOpensBetween } from './season';

const valid: ScheduleDefinition = {
  zone: 'America/New_York',
  startsAt: new Date('2026-01-01T00:00:00Z'),
  endsAt: null,
  triggers: [
    { kind: 'calendar', rule: 'FREQ=MONTHLY;BYDAY=2TU;BYHOUR=7;BYMINUTE=0' },
    { kind: 'meter_interval', meter: { unit: 'h' }, every: 250 },
    { kind: 'meter_threshold', meter: { unit: '°C' }, direction: 'above', value: 80, resetAt: 70 },
  ],
  combine: 'any',
  anchor: 'fixed',
  leadTime: 'P2D',
  dueOffset: 'PT8H',
  overlap: 'skip_if_open',
  missed: 'skip_and_log',
  seasons: [{ from: '11-01', to: '02-28' }],
  skipEvery: 4,
  calendar: { workingDays: [1, 2, 3, 4, 5], holidays: ['2026-12-25'], nonWorkingDayRule: 'next_working_day' },
};

const fieldsOf = (overrides: Partial<ScheduleDefinition>) => scheduleErrors({ ...valid, ...overrides }).map((error) => error.field);

describe('scheduleErrors', () => {
  it('accepts a valid schedule', () => {
    expect(scheduleErrors(valid)).toEqual([]);
  });

  it('names an unknown zone and checks nothing else', () => {
    expect(scheduleErrors({ ...valid, zone: 'Mars/Olympus_Mons', triggers: [] })).toEqual([
      { field: 'zone', message: 'is not a known IANA time zone: "Mars/Olympus_Mons"' },
    ]);
  });

  it('names an invalid recurrence rule', () => {
    const errors = scheduleErrors({ ...valid, triggers: [{ kind: 'calendar', rule: 'FREQ=DAILY;BYDAY=XX' }] });
    expect(errors.map((error) => error.field)).toEqual(['triggers.0.rule']);
  });

  it.each([0, -5, Number.NaN])('names a meter interval of %p', (every) => {
    expect(fieldsOf({ triggers: [{ kind: 'meter_interval', meter: { unit: 'h' }, every }] })).toEqual(['triggers.0.every']);
  });

  it('names a reset level on the wrong side of the threshold, both directions', () => {
    expect(fieldsOf({ triggers: [{ kind: 'meter_threshold', meter: { unit: 'bar' }, direction: 'above', value: 8, resetAt: 8 }] })).toEqual(['triggers.0.resetAt']);
    expect(fieldsOf({ triggers: [{ kind: 'meter_threshold', meter: { unit: 'bar' }, direction: 'below', value: 2, resetAt: 1 }] })).toEqual(['triggers.0.resetAt']);
  });

  it('names a season that never opens within the plan, and a day that does not exist', () => {
    const shortPlan = { startsAt: new Date('2026-03-01T00:00:00Z'), endsAt: new Date('2026-05-01T00:00:00Z') };
    expect(fieldsOf({ ...shortPlan, seasons: [{ from: '06-01', to: '08-31' }] })).toEqual(['seasons.0']);
    expect(fieldsOf({ seasons: [{ from: '02-30', to: '03-10' }] })).toEqual(['seasons.0.from']);
    expect(fieldsOf({ seasons: [{ from: '02-01', to: '13-01' }] })).toEqual(['seasons.0.to']);
    expect(fieldsOf({ ...shortPlan, endsAt: new Date('2027-01-01T00:00:00Z'), seasons: [{ from: '02-29', to: '02-29' }] })).toEqual(['seasons.0']);
  });

  it('names the remaining fields', () => {
    expect(fieldsOf({ triggers: [] })).toEqual(['triggers']);
    expect(fieldsOf({ endsAt: new Date('2025-12-31T00:00:00Z') })).toEqual(['endsAt']);
    expect(fieldsOf({ leadTime: '-P1D' })).toEqual(['leadTime']);
    expect(fieldsOf({ dueOffset: 'eight hours' })).toEqual(['dueOffset']);
    expect(fieldsOf({ skipEvery: 1 })).toEqual(['skipEvery']);
    expect(fieldsOf({ calendar: { workingDays: [], holidays: ['2026-13-01'], nonWorkingDayRule: 'skip' } })).toEqual(['calendar.workingDays', 'calendar.holidays.0']);
  });
});

describe('seasons', () => {
  it('reads the local date in the zone, with windows wrapping the new year', () => {
    const winter = [{ from: '11-01', to: '02-28' }];
    // 31 October 23:30 UTC is already 1 November in Berlin.
    expect(isInSeason(new Date('2026-10-31T23:30:00Z'), 'Europe/Berlin', winter)).toBe(true);
    expect(isInSeason(new Date('2026-10-31T22:30:00Z'), 'Europe/Berlin', winter)).toBe(false);
    expect(isInSeason(new Date('2026-07-01T00:00:00Z'), 'UTC', [])).toBe(true);
  });

  it('a 29 February season opens only when a leap year is in range', () => {
    const leap = { from: '02-29', to: '02-29' };
    expect(seasonOpensBetween(leap, new Date('2027-01-01T00:00:00Z'), new Date('2028-12-31T00:00:00Z'), 'UTC')).toBe(true);
    expect(seasonOpensBetween(leap, new Date('2026-01-01T00:00:00Z'), null, 'UTC')).toBe(true);
  });
});
