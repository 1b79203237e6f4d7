import { DateTime } from 'luxon';
import { instantOf, wallClockOf } from './local-time';
import { isRecurrenceProblem, Recurrence } from './recurrence';

const local = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd HH:mm ZZ");

function between(rule: string, zone: string, start: string, from: string, to: string): string[] {
  return Recurrence.of(rule, zone, new Date(start))
    .between(new Date(from), new Date(to))
    .map((instant) => local(instant, zone));
}

describe('wall clock → instant', () => {
  it('moves a time skipped by the clock going forward by the length of the gap', () => {
    const instant = instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin');
    expect(local(instant, 'Europe/Berlin')).toBe('2026-03-29 03:30 +02:00');
  });

  it('takes the first instance of a time the clock passes twice', () => {
    const instant = instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin');
    expect(instant.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('applies the same rules south of the equator', () => {
    const gap = instantOf({ year: 2026, month: 10, day: 4, hour: 2, minute: 30, second: 0 }, 'Australia/Sydney');
    const twice = instantOf({ year: 2026, month: 4, day: 5, hour: 2, minute: 30, second: 0 }, 'Australia/Sydney');
    expect(local(gap, 'Australia/Sydney')).toBe('2026-10-04 03:30 +11:00');
    expect(twice.toISOString()).toBe('2026-04-04T15:30:00.000Z');
    expect(wallClockOf(twice, 'Australia/Sydney')).toMatchObject({ hour: 2, minute: 30 });
  });
});

describe('Recurrence', () => {
  it('keeps a daily 06:00 at 06:00 local across both daylight-saving changes of a year', () => {
    const spring = between('FREQ=DAILY;BYHOUR=6;BYMINUTE=0', 'Europe/Berlin', '2026-01-01T00:00:00Z', '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z');
    const autumn = between('FREQ=DAILY;BYHOUR=6;BYMINUTE=0', 'Europe/Berlin', '2026-01-01T00:00:00Z', '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z');
    expect(spring).toEqual(['2026-03-28 06:00 +01:00', '2026-03-29 06:00 +02:00', '2026-03-30 06:00 +02:00']);
    expect(autumn).toEqual(['2026-10-24 06:00 +02:00', '2026-10-25 06:00 +01:00', '2026-10-26 06:00 +01:00']);
  });

  it('keeps 06:00 in a southern-hemisphere zone (clocks go back in April, forward in October)', () => {
    const april = between('FREQ=DAILY', 'Australia/Sydney', '2026-01-01T19:00:00Z', '2026-04-03T12:00:00Z', '2026-04-06T12:00:00Z');
    const october = between('FREQ=DAILY', 'Australia/Sydney', '2026-01-01T19:00:00Z', '2026-10-02T12:00:00Z', '2026-10-05T12:00:00Z');
    expect(april).toEqual(['2026-04-04 06:00 +11:00', '2026-04-05 06:00 +10:00', '2026-04-06 06:00 +10:00']);
    expect(october).toEqual(['2026-10-03 06:00 +10:00', '2026-10-04 06:00 +11:00', '2026-10-05 06:00 +11:00']);
  });

  it('places a daily 02:30 at 03:30 on the day 02:30 does not exist, and at the first 02:30 when it exists twice', () => {
    const rule = 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30';
    expect(between(rule, 'Europe/Berlin', '2026-01-01T00:00:00Z', '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z')).toEqual([
      '2026-03-28 02:30 +01:00',
      '2026-03-29 03:30 +02:00',
      '2026-03-30 02:30 +02:00',
    ]);
    expect(between(rule, 'Europe/Berlin', '2026-01-01T00:00:00Z', '2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z')).toEqual([
      '2026-10-25 02:30 +02:00',
      '2026-10-26 02:30 +01:00',
    ]);
  });

  it('generates weekly on given days, monthly by date and by weekday position, yearly, every N', () => {
    const start = '2026-01-01T06:00:00Z';
    expect(between('FREQ=WEEKLY;BYDAY=MO,WE', 'UTC', start, '2026-01-05T00:00:00Z', '2026-01-13T00:00:00Z')).toEqual([
      '2026-01-05 06:00 +00:00',
      '2026-01-07 06:00 +00:00',
      '2026-01-12 06:00 +00:00',
    ]);
    expect(between('FREQ=MONTHLY;BYMONTHDAY=15', 'UTC', start, '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z')).toHaveLength(3);
    expect(between('FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2', 'UTC', start, '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-01-13 06:00 +00:00',
      '2026-02-10 06:00 +00:00',
      '2026-03-10 06:00 +00:00',
    ]);
    expect(between('FREQ=MONTHLY;BYDAY=2TU', 'UTC', start, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')).toEqual(['2026-01-13 06:00 +00:00']);
    expect(between('FREQ=YEARLY', 'UTC', start, '2026-01-01T00:00:00Z', '2029-01-01T00:00:00Z')).toHaveLength(3);
    expect(between('FREQ=DAILY;INTERVAL=3', 'UTC', start, '2026-01-01T00:00:00Z', '2026-01-10T00:00:00Z')).toEqual([
      '2026-01-01 06:00 +00:00',
      '2026-01-04 06:00 +00:00',
      '2026-01-07 06:00 +00:00',
    ]);
  });

  it('runs hourly and every N minutes in order without a duplicate across a daylight-saving change', () => {
    const zone = 'Europe/Berlin';
    const quarterHours = Recurrence.of('FREQ=MINUTELY;INTERVAL=15', zone, new Date('2026-03-01T00:00:00Z')).between(
      new Date('2026-03-29T00:00:00Z'),
      new Date('2026-03-29T02:00:00Z'),
    );
    expect(quarterHours.map((at) => at.toISOString().slice(11, 16))).toEqual(['00:00', '00:15', '00:30', '00:45', '01:00', '01:15', '01:30', '01:45']);
    const hours = Recurrence.of('FREQ=HOURLY', zone, new Date('2026-10-01T00:00:00Z')).between(new Date('2026-10-24T22:00:00Z'), new Date('2026-10-25T04:00:00Z'));
    // Wall clock 02:00 exists twice that night; its first instance is the occurrence, so one hour of real time has none.
    expect(hours.map((at) => local(at, zone))).toEqual([
      '2026-10-25 00:00 +02:00',
      '2026-10-25 01:00 +02:00',
      '2026-10-25 02:00 +02:00',
      '2026-10-25 03:00 +01:00',
      '2026-10-25 04:00 +01:00',
    ]);
  });

  it('finds the next minutely occurrence of a plan that started years ago quickly', () => {
    const recurrence = Recurrence.of('FREQ=MINUTELY;INTERVAL=7', 'UTC', new Date('2020-01-01T00:00:00Z'));
    const started = Date.now();
    const next = recurrence.nextAfter(new Date('2026-06-01T00:00:00Z'));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(((next!.getTime() - Date.parse('2020-01-01T00:00:00Z')) / 60_000) % 7).toBe(0);
    expect(next!.getTime() - Date.parse('2026-06-01T00:00:00Z')).toBeLessThanOrEqual(7 * 60_000);
  });

  it('nextAfter is strictly after and agrees with between', () => {
    const recurrence = Recurrence.of('FREQ=DAILY;BYHOUR=2;BYMINUTE=30', 'Europe/Berlin', new Date('2026-01-01T00:00:00Z'));
    const all = recurrence.between(new Date('2026-03-27T00:00:00Z'), new Date('2026-04-02T00:00:00Z'));
    const chained: Date[] = [];
    for (let next = recurrence.nextAfter(new Date('2026-03-26T23:59:59Z')); next && next < new Date('2026-04-02T00:00:00Z'); next = recurrence.nextAfter(next)) chained.push(next);
    expect(chained).toEqual(all);
  });

  it.each([
    ['', 'empty'],
    ['FREQ=FOO', 'no_frequency'],
    ['BYDAY=MO', 'no_frequency'],
    ['FREQ=SECONDLY', 'sub_minute'],
    ['FREQ=MINUTELY;BYSECOND=5', 'sub_minute'],
    ['FREQ=DAILY;UNTIL=20270101T000000Z', 'forbidden_part'],
    ['DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY', 'forbidden_part'],
    ['FREQ=DAILY;TZID=Europe/Berlin', 'forbidden_part'],
    ['FREQ=DAILY;NOPE=1', 'syntax'],
    ['FREQ=DAILY;BYDAY=XX', 'syntax'],
    ['FREQ=DAILY;BYMONTHDAY=abc', 'syntax'],
    ['FREQ=DAILY;BYHOUR=25', 'syntax'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'syntax'],
    ['FREQ=DAILY;INTERVAL=0', 'syntax'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'never_occurs'],
  ])('refuses %j (%s)', (rule, problem) => {
    const parsed = Recurrence.parse(rule, 'UTC', new Date('2026-01-01T00:00:00Z'));
    expect(isRecurrenceProblem(parsed) && parsed.problem).toBe(problem);
  });

  it('accepts a rule with an RRULE: prefix', () => {
    expect(isRecurrenceProblem(Recurrence.parse('RRULE:FREQ=WEEKLY', 'UTC', new Date()))).toBe(false);
  });
});
