import {
  nextGenerationAt,
  shiftInZone,
  tick,
  type ScheduleDefinition,
  type StreamKey,
  type StreamState,
  type TriggerKind,
} from '../schedule';

/** Recent usage of a cumulative meter, from which meter-interval occurrences are estimated. */
export interface UsageRate {
  unitsPerDay: number;
  unit: string;
}

/** One stream as the forecast needs it. */
export interface ForecastStream {
  key: StreamKey;
  definition: ScheduleDefinition;
  state: StreamState;
  /** Usage rate per trigger index of the meter-interval triggers whose meter has one. */
  usageRates: ReadonlyMap<number, UsageRate>;
}

export interface ForecastOccurrence {
  planId: string;
  assetId: string;
  occurrenceAt: Date;
  plannedStartAt: Date;
  dueAt: Date;
  trigger: TriggerKind;
  /** Set for meter-based occurrences: a projection from the usage rate, not a schedule. */
  estimate: { ratePerDay: number; unit: string } | null;
}

const DAY_MS = 86_400_000;

/**
 * Calendar occurrences in [from, to): the engine itself is stepped from one generation time to the
 * next, so calendars, seasons, skip-every-X and moves are exactly what the engine will do. Work is
 * assumed done in time (overlap `stack`), and nothing counts as missed.
 */
function calendarForecast(stream: ForecastStream, from: Date, to: Date, limit: number): ForecastOccurrence[] {
  const definition: ScheduleDefinition = { ...stream.definition, overlap: 'stack', missed: 'skip_and_log', combine: 'any' };
  const onlyCalendars = { ...definition, triggers: definition.triggers.filter((trigger) => trigger.kind === 'calendar') };
  const state: StreamState = { ...stream.state, triggers: stream.state.triggers.filter((trigger) => trigger.kind === 'calendar') };
  const found: ForecastOccurrence[] = [];
  let current: StreamState = state;
  for (let generation = nextGenerationAt(onlyCalendars, current); generation !== null && found.length < limit; generation = nextGenerationAt(onlyCalendars, current)) {
    const step = tick(onlyCalendars, stream.key, current, generation);
    current = step.state;
    const dues = step.due.filter((due) => due.plannedStartAt >= from && due.plannedStartAt < to);
    found.push(...dues.map((due) => ({ ...stream.key, occurrenceAt: due.occurrenceAt, plannedStartAt: due.plannedStartAt, dueAt: due.dueAt, trigger: 'calendar' as const, estimate: null })));
    if (step.due.some((due) => due.occurrenceAt >= to) || generation >= to) break;
  }
  return found.slice(0, limit);
}

/** Meter-interval occurrences in [from, to), projected from the meter's last total and its usage rate. */
function meterForecast(stream: ForecastStream, from: Date, to: Date, limit: number): ForecastOccurrence[] {
  const found: ForecastOccurrence[] = [];
  stream.definition.triggers.forEach((trigger, index) => {
    const state = stream.state.triggers[index];
    const rate = stream.usageRates.get(index);
    if (trigger.kind !== 'meter_interval' || state?.kind !== 'meter_interval' || !rate || rate.unitsPerDay <= 0) return;
    if (state.nextTotal === null || state.lastTotal === null || state.lastReadAt === null) return;
    const lastReadAt = new Date(state.lastReadAt).getTime();
    for (let point = state.nextTotal; found.length < limit; point += trigger.every) {
      const at = new Date(lastReadAt + ((point - state.lastTotal) / rate.unitsPerDay) * DAY_MS);
      if (at >= to) break;
      if (at < from) continue;
      const dueAt = shiftInZone(at, stream.definition.zone, stream.definition.dueOffset, 1);
      found.push({ ...stream.key, occurrenceAt: at, plannedStartAt: at, dueAt, trigger: 'meter_interval', estimate: { ratePerDay: rate.unitsPerDay, unit: rate.unit } });
    }
  });
  return found;
}

/**
 * Under `all` an occurrence needs every trigger: the n-th forecast occurrence is the later of the
 * n-th calendar occurrence and the n-th meter estimate (an estimate, since a meter takes part).
 */
function combineAll(calendar: ForecastOccurrence[], meter: ForecastOccurrence[], hasCalendar: boolean, hasMeter: boolean): ForecastOccurrence[] {
  if (!hasCalendar) return meter;
  if (!hasMeter) return calendar;
  const count = Math.min(calendar.length, meter.length);
  return Array.from({ length: count }, (_, index) => {
    const [a, b] = [calendar[index]!, meter[index]!];
    const later = a.occurrenceAt >= b.occurrenceAt ? a : b;
    return { ...later, estimate: b.estimate };
  });
}

/**
 * Every future occurrence of a stream in [from, to), at most `limit`, in time order. Calendar
 * occurrences are exact; meter-interval ones are estimates from the usage rate (with the rate
 * used); threshold triggers depend on readings nobody can foresee and are not forecast.
 */
export function forecastStream(stream: ForecastStream, from: Date, to: Date, limit: number): ForecastOccurrence[] {
  const kinds = new Set(stream.definition.triggers.map((trigger) => trigger.kind));
  const calendar = kinds.has('calendar') ? calendarForecast(stream, from, to, limit) : [];
  const meter = kinds.has('meter_interval') ? meterForecast(stream, from, to, limit) : [];
  const combined =
    stream.definition.combine === 'all' ? combineAll(calendar, meter, kinds.has('calendar'), kinds.has('meter_interval')) : [...calendar, ...meter];
  return combined.sort((a, b) => a.plannedStartAt.getTime() - b.plannedStartAt.getTime()).slice(0, limit);
}
