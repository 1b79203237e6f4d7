import { occurrenceIdOf } from './occurrence-id';
import type { ScheduleDefinition, Trigger } from './schedule-definition';
import type { MeterReading, StreamState } from './stream-state';
import { initialStreamState, nextGenerationAt, recordReading, tick, triggerNow, workOrderClosed } from './stream-engine';

const key = { planId: '0d6f4a2e-6b1c-4c1e-9d55-0a3c2b8e7f10', assetId: '5b1e9c3a-2f4d-4e8a-b7c6-1d2e3f4a5b6c' };
const DAILY_6 = { kind: 'calendar', rule: 'FREQ=DAILY;BYHOUR=6;BYMINUTE=0' } as const;
const RUN_HOURS: Trigger = { kind: 'meter_interval', meter: { unit: 'h' }, every: 100 };

function definition(overrides: Partial<ScheduleDefinition> = {}): ScheduleDefinition {
  return {
    zone: 'Europe/Berlin',
    startsAt: new Date('2026-03-01T00:00:00Z'),
    endsAt: null,
    triggers: [DAILY_6],
    combine: 'any',
    anchor: 'fixed',
    leadTime: 'PT0S',
    dueOffset: 'PT0S',
    overlap: 'stack',
    missed: 'skip_and_log',
    seasons: [],
    skipEvery: null,
    calendar: null,
    ...overrides,
  };
}

const at = (iso: string) => new Date(iso);
const times = (list: Array<{ occurrenceAt: Date }>) => list.map((item) => item.occurrenceAt.toISOString());

function reading(value: number, readAt: string, lifetimeTotal: number | null = value, unit = 'h'): MeterReading {
  return { meterId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', unit, value, lifetimeTotal, readAt: at(readAt) };
}

/** Feeds readings in order, returning the final state and every occurrence and missed count produced. */
function feed(def: ScheduleDefinition, readings: MeterReading[], state = initialStreamState(def, def.startsAt)) {
  const due: string[] = [];
  let missed = 0;
  for (const next of readings) {
    const step = recordReading(def, key, state, next);
    state = step.state;
    due.push(...times(step.due));
    missed += step.missed?.count ?? 0;
  }
  return { state, due, missed };
}

describe('calendar streams', () => {
  it('generates each occurrence once its lead time has come, with the due offset, and says when to look next', () => {
    const def = definition({ leadTime: 'P1D', dueOffset: 'PT8H' });
    const state = initialStreamState(def, def.startsAt);
    expect(nextGenerationAt(def, state)?.toISOString()).toBe('2026-02-28T05:00:00.000Z');
    const early = tick(def, key, state, at('2026-02-28T04:59:59Z'));
    expect(early.due).toEqual([]);
    const step = tick(def, key, state, at('2026-02-28T05:00:00Z'));
    expect(step.due).toEqual([
      {
        occurrenceId: occurrenceIdOf(key.planId, key.assetId, at('2026-03-01T05:00:00Z')),
        occurrenceAt: at('2026-03-01T05:00:00Z'),
        plannedStartAt: at('2026-03-01T05:00:00Z'),
        dueAt: at('2026-03-01T13:00:00Z'),
        trigger: 'calendar',
        catchUp: false,
        replacesOccurrenceIds: [],
      },
    ]);
    expect(nextGenerationAt(def, step.state)?.toISOString()).toBe('2026-03-01T05:00:00.000Z');
    expect(tick(def, key, step.state, at('2026-02-28T05:00:00Z')).due).toEqual([]);
  });

  it('keeps 06:00 local through the spring change with a lead time of one day', () => {
    const def = definition({ leadTime: 'P1D' });
    let state = initialStreamState(def, at('2026-03-27T00:00:00Z'));
    const generated: string[] = [];
    for (const now of ['2026-03-27T05:00:00Z', '2026-03-28T05:00:00Z', '2026-03-29T04:00:00Z']) {
      const step = tick(def, key, state, at(now));
      state = step.state;
      generated.push(...times(step.due));
    }
    expect(generated).toEqual(['2026-03-27T05:00:00.000Z', '2026-03-28T05:00:00.000Z', '2026-03-29T04:00:00.000Z', '2026-03-30T04:00:00.000Z']);
  });

  it('stops at the plan end', () => {
    const def = definition({ endsAt: at('2026-03-02T12:00:00Z') });
    const step = tick(def, key, initialStreamState(def, def.startsAt), at('2026-03-10T00:00:00Z'));
    expect(times(step.due)).toEqual(['2026-03-02T05:00:00.000Z']);
    expect(nextGenerationAt(def, step.state)).toBeNull();
  });

  it('starts a stream that joins later at its join time, not at the plan start', () => {
    const def = definition();
    const state = initialStreamState(def, at('2026-03-10T12:00:00Z'));
    expect(nextGenerationAt(def, state)?.toISOString()).toBe('2026-03-11T05:00:00.000Z');
  });
});

describe('missed occurrences', () => {
  const downFor3Days = (def: ScheduleDefinition) => tick(def, key, initialStreamState(def, def.startsAt), at('2026-03-04T07:00:00Z'));

  it('skip_and_log: generates the current one and reports the others as one count', () => {
    const step = downFor3Days(definition({ missed: 'skip_and_log' }));
    expect(times(step.due)).toEqual(['2026-03-04T05:00:00.000Z']);
    expect(step.missed).toEqual({ count: 3, firstAt: at('2026-03-01T05:00:00Z'), lastAt: at('2026-03-03T05:00:00Z') });
  });

  it('catch_up_one: also generates the newest missed one, marked as a catch-up', () => {
    const step = downFor3Days(definition({ missed: 'catch_up_one' }));
    expect(step.due.map((due) => [due.occurrenceAt.toISOString(), due.catchUp])).toEqual([
      ['2026-03-03T05:00:00.000Z', true],
      ['2026-03-04T05:00:00.000Z', false],
    ]);
    expect(step.missed?.count).toBe(2);
  });

  it('a step with a single due occurrence misses nothing', () => {
    const def = definition();
    expect(tick(def, key, initialStreamState(def, def.startsAt), at('2026-03-01T05:00:30Z')).missed).toBeNull();
  });
});

describe('overlap policies', () => {
  const def = (overlap: ScheduleDefinition['overlap']) => definition({ overlap });
  const twoDays = (overlap: ScheduleDefinition['overlap']) => {
    const first = tick(def(overlap), key, initialStreamState(def(overlap), def(overlap).startsAt), at('2026-03-01T05:00:00Z'));
    const second = tick(def(overlap), key, first.state, at('2026-03-02T05:00:00Z'));
    return { first, second };
  };

  it('skip_if_open: skips while the previous work order is open, generates again once it is closed', () => {
    const { first, second } = twoDays('skip_if_open');
    expect(second.due).toEqual([]);
    expect(second.skipped).toEqual([{ occurrenceId: occurrenceIdOf(key.planId, key.assetId, at('2026-03-02T05:00:00Z')), occurrenceAt: at('2026-03-02T05:00:00Z'), reason: 'open_overlap' }]);
    const closed = workOrderClosed(def('skip_if_open'), second.state, { occurrenceId: first.due[0]!.occurrenceId, completedAt: at('2026-03-02T09:00:00Z') });
    expect(times(tick(def('skip_if_open'), key, closed, at('2026-03-03T05:00:00Z')).due)).toEqual(['2026-03-03T05:00:00.000Z']);
  });

  it('stack: generates while the previous one is open', () => {
    const { second } = twoDays('stack');
    expect(times(second.due)).toEqual(['2026-03-02T05:00:00.000Z']);
    expect(second.state.openOccurrenceIds).toHaveLength(2);
  });

  it('replace_open: generates and names the open one it replaces', () => {
    const { first, second } = twoDays('replace_open');
    expect(second.due[0]!.replacesOccurrenceIds).toEqual([first.due[0]!.occurrenceId]);
    expect(second.state.openOccurrenceIds).toEqual([second.due[0]!.occurrenceId]);
  });

  it('replace_open with catch_up_one: the catch-up and the current one both replace what was open, not each other', () => {
    const both = definition({ overlap: 'replace_open', missed: 'catch_up_one' });
    const first = tick(both, key, initialStreamState(both, both.startsAt), at('2026-03-01T05:00:00Z'));
    const afterDowntime = tick(both, key, first.state, at('2026-03-04T05:00:00Z'));
    expect(afterDowntime.due.map((due) => [due.occurrenceAt.toISOString(), due.catchUp, due.replacesOccurrenceIds])).toEqual([
      ['2026-03-03T05:00:00.000Z', true, [first.due[0]!.occurrenceId]],
      ['2026-03-04T05:00:00.000Z', false, []],
    ]);
    expect(afterDowntime.state.openOccurrenceIds).toEqual(afterDowntime.due.map((due) => due.occurrenceId));
  });

  it('a cancelled work order closes its occurrence too', () => {
    const { first, second } = twoDays('skip_if_open');
    expect(workOrderClosed(def('skip_if_open'), second.state, { occurrenceId: first.due[0]!.occurrenceId, completedAt: null }).openOccurrenceIds).toEqual([]);
  });
});

describe('calendars, seasons and skip-every-X', () => {
  it('skips every Xth scheduled occurrence', () => {
    let state = initialStreamState(definition({ skipEvery: 3 }), at('2026-03-01T00:00:00Z'));
    const reasons: string[] = [];
    for (let day = 1; day <= 6; day += 1) {
      const step = tick(definition({ skipEvery: 3 }), key, state, at(`2026-03-0${day}T05:00:00Z`));
      state = step.state;
      reasons.push(step.due.length ? 'due' : step.skipped[0]!.reason);
    }
    expect(reasons).toEqual(['due', 'due', 'skip_every', 'due', 'due', 'skip_every']);
  });

  it('skips occurrences outside the season, including one wrapping the new year', () => {
    const def = definition({ seasons: [{ from: '11-01', to: '03-02' }] });
    const step = tick(def, key, initialStreamState(def, def.startsAt), at('2026-03-01T05:00:00Z'));
    expect(step.due).toHaveLength(1);
    const later = tick(def, key, step.state, at('2026-03-02T05:00:00Z'));
    const outside = tick(def, key, later.state, at('2026-03-03T05:00:00Z'));
    expect([later.due.length, outside.skipped[0]?.reason]).toEqual([1, 'season']);
  });

  const weekdays = { workingDays: [1, 2, 3, 4, 5] as const, holidays: ['2026-03-04'] };

  it('skips holidays and non-working days under the skip rule', () => {
    const def = definition({ calendar: { ...weekdays, workingDays: [...weekdays.workingDays], nonWorkingDayRule: 'skip' } });
    const step = tick(def, key, initialStreamState(def, def.startsAt), at('2026-03-01T05:00:00Z'));
    expect(step.skipped.map((skip) => skip.reason)).toEqual(['non_working_day']);
    let state = step.state;
    const reasons: string[] = [];
    for (const day of ['02', '03', '04']) {
      const next = tick(def, key, state, at(`2026-03-${day}T05:00:00Z`));
      state = next.state;
      reasons.push(next.due.length ? 'due' : next.skipped[0]!.reason);
    }
    expect(reasons).toEqual(['due', 'due', 'holiday']);
  });

  it('moves to the previous working day at the same local time, generating early enough, keeping the identity', () => {
    const def = definition({
      startsAt: at('2026-03-28T00:00:00Z'),
      calendar: { workingDays: [1, 2, 3, 4, 5], holidays: [], nonWorkingDayRule: 'previous_working_day' },
    });
    const state = initialStreamState(def, def.startsAt);
    // Saturday 28 March 06:00 moves to Friday 27 March 06:00, before the plan's own time comes.
    expect(nextGenerationAt(def, state)?.toISOString()).toBe('2026-03-27T05:00:00.000Z');
    const step = tick(def, key, state, at('2026-03-27T05:00:00Z'));
    // Sunday's occurrence lands on the same Friday; neither is missed, as neither time has come yet.
    expect(step.due.map((due) => [due.occurrenceAt.toISOString(), due.plannedStartAt.toISOString(), due.occurrenceId])).toEqual([
      ['2026-03-28T05:00:00.000Z', '2026-03-27T05:00:00.000Z', occurrenceIdOf(key.planId, key.assetId, at('2026-03-28T05:00:00Z'))],
      ['2026-03-29T04:00:00.000Z', '2026-03-27T05:00:00.000Z', occurrenceIdOf(key.planId, key.assetId, at('2026-03-29T04:00:00Z'))],
    ]);
    expect(step.missed).toBeNull();
  });

  it('moves to the next working day at 06:00 local across the daylight-saving change', () => {
    const def = definition({
      startsAt: at('2026-03-29T00:00:00Z'),
      calendar: { workingDays: [1, 2, 3, 4, 5], holidays: [], nonWorkingDayRule: 'next_working_day' },
    });
    const step = tick(def, key, initialStreamState(def, def.startsAt), at('2026-03-29T04:00:00Z'));
    expect(step.due[0]!.plannedStartAt.toISOString()).toBe('2026-03-30T04:00:00.000Z');
  });
});

describe('meter interval', () => {
  const def = definition({ triggers: [RUN_HOURS] });

  it('fires each time the meter passes another interval since the first reading', () => {
    const { due } = feed(def, [reading(1000, '2026-03-01T00:00:00Z'), reading(1099, '2026-03-02T00:00:00Z'), reading(1100, '2026-03-03T00:00:00Z'), reading(1150, '2026-03-04T00:00:00Z'), reading(1200, '2026-03-05T00:00:00Z')]);
    expect(due).toEqual(['2026-03-03T00:00:00.000Z', '2026-03-05T00:00:00.000Z']);
  });

  it('gives ONE occurrence for a jump over several intervals and reports the points passed over as missed (fixed keeps the cadence)', () => {
    const result = feed(def, [reading(1000, '2026-03-01T00:00:00Z'), reading(1120, '2026-03-02T00:00:00Z'), reading(1450, '2026-03-03T00:00:00Z'), reading(1499, '2026-03-04T00:00:00Z'), reading(1500, '2026-03-05T00:00:00Z')]);
    expect(result.due).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z', '2026-03-05T00:00:00.000Z']);
    expect(result.missed).toBe(2);
    expect(result.state.triggers[0]).toMatchObject({ nextTotal: 1600 });
  });

  it('floating: counts the next interval from the reading that fired, and from the total at completion', () => {
    const floating = definition({ triggers: [RUN_HOURS], anchor: 'floating' });
    const fired = feed(floating, [reading(1000, '2026-03-01T00:00:00Z'), reading(1130, '2026-03-02T00:00:00Z')]);
    expect(fired.state.triggers[0]).toMatchObject({ nextTotal: 1230 });
    const later = feed(floating, [reading(1180, '2026-03-03T00:00:00Z')], fired.state).state;
    const completed = workOrderClosed(floating, later, { occurrenceId: later.lastOccurrenceId!, completedAt: at('2026-03-03T01:00:00Z') });
    expect(completed.triggers[0]).toMatchObject({ nextTotal: 1280 });
  });

  it('honours meter resets: the lifetime total carries on across them', () => {
    // The display value drops to 0 at the reset; the lifetime total keeps counting usage.
    const result = feed(def, [reading(1000, '2026-03-01T00:00:00Z'), reading(1080, '2026-03-02T00:00:00Z'), reading(0, '2026-03-03T00:00:00Z', 1080), reading(25, '2026-03-04T00:00:00Z', 1105)]);
    expect(result.due).toEqual(['2026-03-04T00:00:00.000Z']);
  });

  it('redelivered and late readings change nothing', () => {
    const once = feed(def, [reading(1000, '2026-03-01T00:00:00Z'), reading(1100, '2026-03-03T00:00:00Z')]);
    const again = feed(def, [reading(1100, '2026-03-03T00:00:00Z'), reading(1250, '2026-03-02T00:00:00Z')], once.state);
    expect(again.due).toEqual([]);
    expect(again.state).toEqual(once.state);
  });

  it('ignores gauges and meters of another unit', () => {
    expect(feed(def, [reading(1000, '2026-03-01T00:00:00Z', null), reading(5000, '2026-03-02T00:00:00Z', null)]).due).toEqual([]);
    expect(feed(def, [reading(1000, '2026-03-01T00:00:00Z', 1000, 'km'), reading(5000, '2026-03-02T00:00:00Z', 5000, 'km')]).due).toEqual([]);
  });

  it('keeps decimal arithmetic exact', () => {
    const tenths = definition({ triggers: [{ kind: 'meter_interval', meter: { unit: 'h' }, every: 0.3 }] });
    const result = feed(tenths, [reading(0.1, '2026-03-01T00:00:00Z'), reading(0.4, '2026-03-02T00:00:00Z'), reading(0.7, '2026-03-03T00:00:00Z')]);
    expect(result.due).toHaveLength(2);
  });
});

describe('meter threshold with hysteresis', () => {
  const above: Trigger = { kind: 'meter_threshold', meter: { meterId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' }, direction: 'above', value: 80, resetAt: 70 };
  const below: Trigger = { kind: 'meter_threshold', meter: { unit: 'h' }, direction: 'below', value: 2, resetAt: 3 };

  it('fires once per excursion above, re-arming only after the value returns to the reset level', () => {
    const values = [60, 81, 90, 85, 75, 82, 70, 79, 80];
    const result = feed(definition({ triggers: [above] }), values.map((value, day) => reading(value, `2026-03-${String(day + 1).padStart(2, '0')}T00:00:00Z`, null)));
    expect(result.due).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z']);
  });

  it('fires once per excursion below', () => {
    const values = [5, 2, 1, 2.5, 1.5, 3, 2];
    const result = feed(definition({ triggers: [below] }), values.map((value, day) => reading(value, `2026-03-0${day + 1}T00:00:00Z`, null)));
    expect(result.due).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-07T00:00:00.000Z']);
  });

  it('a late reading cannot re-arm or fire', () => {
    const fired = feed(definition({ triggers: [above] }), [reading(90, '2026-03-02T00:00:00Z', null)]);
    const late = feed(definition({ triggers: [above] }), [reading(10, '2026-03-01T00:00:00Z', null), reading(95, '2026-03-03T00:00:00Z', null)], fired.state);
    expect(late.due).toEqual([]);
  });
});

describe('combining triggers', () => {
  it('any: whichever comes first generates', () => {
    const def = definition({ triggers: [DAILY_6, RUN_HOURS] });
    let state = initialStreamState(def, def.startsAt);
    state = recordReading(def, key, state, reading(1000, '2026-02-28T00:00:00Z')).state;
    const meter = recordReading(def, key, state, reading(1100, '2026-02-28T12:00:00Z'));
    const calendar = tick(def, key, meter.state, at('2026-03-01T05:00:00Z'));
    expect([...times(meter.due), ...times(calendar.due)]).toEqual(['2026-02-28T12:00:00.000Z', '2026-03-01T05:00:00.000Z']);
    expect(meter.due[0]!.trigger).toBe('meter_interval');
  });

  it('all: generates when the last trigger fires, then waits for all of them again', () => {
    const def = definition({ triggers: [DAILY_6, RUN_HOURS], combine: 'all' });
    let state: StreamState = recordReading(def, key, initialStreamState(def, def.startsAt), reading(1000, '2026-02-28T00:00:00Z')).state;
    const calendarOnly = tick(def, key, state, at('2026-03-02T05:00:00Z'));
    expect(calendarOnly.due).toEqual([]);
    state = calendarOnly.state;
    const both = recordReading(def, key, state, reading(1100, '2026-03-02T12:00:00Z'));
    expect(times(both.due)).toEqual(['2026-03-02T12:00:00.000Z']);
    expect(recordReading(def, key, both.state, reading(1200, '2026-03-02T13:00:00Z')).due).toEqual([]);
  });
});

describe('floating calendar anchor', () => {
  const weekly = definition({ triggers: [{ kind: 'calendar', rule: 'FREQ=WEEKLY' }], anchor: 'floating', startsAt: at('2026-03-02T05:00:00Z') });

  it('counts the next occurrence from the completion of the latest work order', () => {
    const first = tick(weekly, key, initialStreamState(weekly, weekly.startsAt), at('2026-03-02T05:00:00Z'));
    const completed = workOrderClosed(weekly, first.state, { occurrenceId: first.due[0]!.occurrenceId, completedAt: at('2026-03-05T15:00:00Z') });
    expect(nextGenerationAt(weekly, completed)?.toISOString()).toBe('2026-03-12T05:00:00.000Z');
  });

  it('a fixed anchor keeps its cadence whatever the completion', () => {
    const fixed = { ...weekly, anchor: 'fixed' as const };
    const first = tick(fixed, key, initialStreamState(fixed, fixed.startsAt), at('2026-03-02T05:00:00Z'));
    const completed = workOrderClosed(fixed, first.state, { occurrenceId: first.due[0]!.occurrenceId, completedAt: at('2026-03-05T15:00:00Z') });
    expect(nextGenerationAt(fixed, completed)?.toISOString()).toBe('2026-03-09T05:00:00.000Z');
  });

  it('an older occurrence completing does not re-base', () => {
    const first = tick(weekly, key, initialStreamState(weekly, weekly.startsAt), at('2026-03-02T05:00:00Z'));
    const completed = workOrderClosed(weekly, first.state, { occurrenceId: 'not-the-latest', completedAt: at('2026-03-05T15:00:00Z') });
    expect(completed.triggers).toEqual(first.state.triggers);
  });
});

describe('trigger now', () => {
  it('generates a manual occurrence with the deterministic id, whatever is open, without moving the cadence', () => {
    const def = definition({ overlap: 'skip_if_open' });
    const first = tick(def, key, initialStreamState(def, def.startsAt), at('2026-03-01T05:00:00Z'));
    const manual = triggerNow(def, key, first.state, at('2026-03-01T10:00:00Z'));
    expect(manual.due[0]).toMatchObject({ occurrenceId: occurrenceIdOf(key.planId, key.assetId, at('2026-03-01T10:00:00Z')), trigger: 'manual' });
    expect(manual.state.triggers).toEqual(first.state.triggers);
  });
});

describe('occurrence ids', () => {
  it('are UUIDv5 of plan, asset and time: equal for the same inputs, different otherwise', () => {
    const id = occurrenceIdOf(key.planId, key.assetId, at('2026-03-01T05:00:00Z'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(occurrenceIdOf(key.planId, key.assetId, at('2026-03-01T05:00:00.000Z'))).toBe(id);
    expect(occurrenceIdOf(key.planId, key.planId, at('2026-03-01T05:00:00Z'))).not.toBe(id);
    expect(occurrenceIdOf(key.planId, key.assetId, at('2026-03-01T05:00:01Z'))).not.toBe(id);
  });
});
