import { shiftInZone } from './durations';
import { instantOf, wallClockOf } from './local-time';
import { occurrenceIdOf } from './occurrence-id';
import { Recurrence } from './recurrence';
import type { MeterSelector, ScheduleDefinition, Trigger, TriggerKind } from './schedule-definition';
import { isInSeason } from './season';
import type {
  DueOccurrence,
  MeterReading,
  MissedOccurrences,
  SkippedOccurrence,
  StreamKey,
  StreamState,
  StreamStep,
  TriggerState,
} from './stream-state';
import { placeOnCalendar } from './work-calendar';

/** A moment at which a trigger (or all of them) asks for an occurrence, before policies apply. */
interface Candidate {
  at: Date;
  trigger: TriggerKind;
  /** Further occurrences the same reading passed over (a meter jump of several intervals). */
  passedOver: number;
}

function recurrenceOf(definition: ScheduleDefinition, trigger: Trigger, startAt: string): Recurrence {
  if (trigger.kind !== 'calendar') throw new Error('not a calendar trigger');
  return Recurrence.of(trigger.rule, definition.zone, new Date(startAt));
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/** The state of a stream that starts at `from` (a plan's start, or when an asset joined it). */
export function initialStreamState(definition: ScheduleDefinition, from: Date): StreamState {
  const begin = from > definition.startsAt ? from : definition.startsAt;
  const triggers = definition.triggers.map((trigger): TriggerState => {
    switch (trigger.kind) {
      case 'calendar': {
        const startAt = definition.startsAt.toISOString();
        const next = recurrenceOf(definition, trigger, startAt).nextAfter(new Date(begin.getTime() - 1));
        return { kind: 'calendar', startAt, nextAt: iso(next), firedAt: null };
      }
      case 'meter_interval':
        return { kind: 'meter_interval', nextTotal: null, lastTotal: null, lastReadAt: null, firedAt: null };
      case 'meter_threshold':
        return { kind: 'meter_threshold', armed: true, lastReadAt: null, firedAt: null };
    }
  });
  return { triggers, ordinal: 0, openOccurrenceIds: [], lastOccurrenceAt: null, lastOccurrenceId: null };
}

/**
 * When the work order of a calendar occurrence is generated: its lead time before the occurrence,
 * or before the working day it moves to when that is earlier.
 */
function generationTimeOf(definition: ScheduleDefinition, occurrenceAt: Date): Date {
  const placement = placeOnCalendar(occurrenceAt, definition.zone, definition.calendar);
  const earliest = placement.kind !== 'skipped' && placement.at < occurrenceAt ? placement.at : occurrenceAt;
  return shiftInZone(earliest, definition.zone, definition.leadTime, -1);
}

/** When the engine must next look at this stream (null: only readings or work-order events can move it). */
export function nextGenerationAt(definition: ScheduleDefinition, state: StreamState): Date | null {
  let earliest: Date | null = null;
  for (const trigger of state.triggers) {
    if (trigger.kind !== 'calendar' || trigger.nextAt === null) continue;
    const at = generationTimeOf(definition, new Date(trigger.nextAt));
    if (earliest === null || at < earliest) earliest = at;
  }
  return earliest;
}

/** Calendar occurrences whose generation time has come, in order; the trigger state moves past them. */
function dueCalendarOccurrences(definition: ScheduleDefinition, trigger: Trigger, state: TriggerState, now: Date): Date[] {
  if (state.kind !== 'calendar' || state.nextAt === null) return [];
  const recurrence = recurrenceOf(definition, trigger, state.startAt);
  const pending: Date[] = [];
  let next: Date | null = new Date(state.nextAt);
  while (next !== null && generationTimeOf(definition, next) <= now) {
    if (definition.endsAt !== null && next > definition.endsAt) {
      next = null;
      break;
    }
    pending.push(next);
    next = recurrence.nextAfter(next);
  }
  if (next !== null && definition.endsAt !== null && next > definition.endsAt) next = null;
  state.nextAt = iso(next);
  return pending;
}

function cloneState(state: StreamState): StreamState {
  return structuredClone(state);
}

/** Meter values are decimals with at most four places; sums are kept there so 0.1 + 0.2 stays 0.3. */
function roundUnits(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** A trigger that fired: which one, when, and how many further occurrences it passed over. */
interface Firing {
  triggerIndex: number;
  at: Date;
  passedOver: number;
}

/**
 * `any`: every firing is a candidate. `all`: a trigger's firing is remembered until every trigger
 * has fired since the last occurrence; then one candidate at the time the last of them fired.
 */
function combine(definition: ScheduleDefinition, state: StreamState, firings: Firing[]): Candidate[] {
  const kindOf = (firing: Firing): TriggerKind => definition.triggers[firing.triggerIndex]!.kind;
  if (definition.combine === 'any') {
    return firings.map((firing) => ({ at: firing.at, trigger: kindOf(firing), passedOver: firing.passedOver }));
  }
  for (const firing of firings) state.triggers[firing.triggerIndex]!.firedAt = firing.at.toISOString();
  if (firings.length === 0 || state.triggers.some((trigger) => trigger.firedAt === null)) return [];
  const last = state.triggers.map((trigger) => trigger.firedAt!).sort().at(-1)!;
  for (const trigger of state.triggers) trigger.firedAt = null;
  return [{ at: new Date(last), trigger: kindOf(firings.at(-1)!), passedOver: 0 }];
}

/** The calendar occurrences of all calendar triggers that have come due by `now`. */
export function tick(definition: ScheduleDefinition, key: StreamKey, current: StreamState, now: Date): StreamStep {
  const state = cloneState(current);
  const firings = definition.triggers.flatMap((trigger, triggerIndex): Firing[] => {
    const times = dueCalendarOccurrences(definition, trigger, state.triggers[triggerIndex]!, now);
    // Under `all`, several occurrences of one calendar while waiting for the others are one firing.
    if (definition.combine === 'all') return times.length === 0 ? [] : [{ triggerIndex, at: times.at(-1)!, passedOver: 0 }];
    return times.map((at) => ({ triggerIndex, at, passedOver: 0 }));
  });
  firings.sort((a, b) => a.at.getTime() - b.at.getTime());
  return settle(definition, key, state, combine(definition, state, firings), now);
}

function meterMatches(selector: MeterSelector, reading: MeterReading): boolean {
  return selector.meterId !== undefined ? selector.meterId === reading.meterId : selector.unit === reading.unit;
}

/**
 * Meter interval: fires when the meter's lifetime total (usage across resets, so a reset neither
 * fires nor delays the trigger) reaches the next point. A reading that passes several points gives
 * ONE occurrence; the points passed over are reported as missed. `fixed` keeps the points at whole
 * intervals from the first reading; `floating` counts the next interval from the reading that fired
 * (and again from the meter's total when the work order is completed).
 */
function meterIntervalFiring(definition: ScheduleDefinition, index: number, state: TriggerState, reading: MeterReading): Firing | null {
  const trigger = definition.triggers[index]!;
  if (trigger.kind !== 'meter_interval' || state.kind !== 'meter_interval' || reading.lifetimeTotal === null) return null;
  if (state.lastReadAt !== null && reading.readAt <= new Date(state.lastReadAt)) return null;
  const total = reading.lifetimeTotal;
  state.lastReadAt = reading.readAt.toISOString();
  state.lastTotal = total;
  if (state.nextTotal === null) {
    state.nextTotal = roundUnits(total + trigger.every);
    return null;
  }
  if (total < state.nextTotal) return null;
  const crossed = Math.floor(roundUnits((total - state.nextTotal) / trigger.every)) + 1;
  state.nextTotal = definition.anchor === 'fixed' ? roundUnits(state.nextTotal + crossed * trigger.every) : roundUnits(total + trigger.every);
  return { triggerIndex: index, at: reading.readAt, passedOver: crossed - 1 };
}

/**
 * Meter threshold with hysteresis: fires when an armed trigger's gauge reaches the value, then stays
 * quiet, whatever the readings, until the gauge has returned past the reset level.
 */
function meterThresholdFiring(definition: ScheduleDefinition, index: number, state: TriggerState, reading: MeterReading): Firing | null {
  const trigger = definition.triggers[index]!;
  if (trigger.kind !== 'meter_threshold' || state.kind !== 'meter_threshold') return null;
  if (state.lastReadAt !== null && reading.readAt <= new Date(state.lastReadAt)) return null;
  state.lastReadAt = reading.readAt.toISOString();
  const above = trigger.direction === 'above';
  const reached = above ? reading.value >= trigger.value : reading.value <= trigger.value;
  const returned = above ? reading.value <= trigger.resetAt : reading.value >= trigger.resetAt;
  if (state.armed && reached) {
    state.armed = false;
    return { triggerIndex: index, at: reading.readAt, passedOver: 0 };
  }
  if (!state.armed && returned) state.armed = true;
  return null;
}

/**
 * A meter reading of the stream's asset. A reading at or before the last one a trigger applied
 * (redelivered, or arriving late) changes nothing.
 */
export function recordReading(definition: ScheduleDefinition, key: StreamKey, current: StreamState, reading: MeterReading): StreamStep {
  const state = cloneState(current);
  const firings: Firing[] = [];
  definition.triggers.forEach((trigger, index) => {
    if (trigger.kind === 'calendar' || !meterMatches(trigger.meter, reading)) return;
    const firing =
      trigger.kind === 'meter_interval'
        ? meterIntervalFiring(definition, index, state.triggers[index]!, reading)
        : meterThresholdFiring(definition, index, state.triggers[index]!, reading);
    if (firing) firings.push(firing);
  });
  return settle(definition, key, state, combine(definition, state, firings), reading.readAt);
}

/** A candidate that survived skip-every-X, seasons and the working calendar. */
interface Eligible extends Candidate {
  occurrenceId: string;
  plannedStartAt: Date;
}

/** Skip-every-X, seasons and the working calendar, in that order, on each candidate. */
function applyCalendars(definition: ScheduleDefinition, key: StreamKey, state: StreamState, candidates: Candidate[]) {
  const skipped: SkippedOccurrence[] = [];
  const eligible: Eligible[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const occurrenceId = occurrenceIdOf(key.planId, key.assetId, candidate.at);
    // Two triggers firing at the same moment (one reading, two meter triggers) are one occurrence.
    if (seen.has(occurrenceId)) continue;
    seen.add(occurrenceId);
    state.ordinal += 1;
    const skip = (reason: SkippedOccurrence['reason']) => skipped.push({ occurrenceId, occurrenceAt: candidate.at, reason });
    if (definition.skipEvery !== null && state.ordinal % definition.skipEvery === 0) skip('skip_every');
    else if (!isInSeason(candidate.at, definition.zone, definition.seasons)) skip('season');
    else {
      const placement = placeOnCalendar(candidate.at, definition.zone, definition.calendar);
      if (placement.kind === 'skipped') skip(placement.reason);
      else eligible.push({ ...candidate, occurrenceId, plannedStartAt: placement.at });
    }
  }
  return { skipped, eligible };
}

/**
 * The missed-occurrence policy. An occurrence is missed when a later one's time has also come by
 * the time it is generated (the engine or the plan was down, or a meter jumped): the later one
 * supersedes it. Occurrences generated ahead of their time (lead time, a move to an earlier working
 * day) supersede nothing. `skip_and_log`: the missed ones are reported as one count.
 * `catch_up_one`: the newest missed one is generated too (marked as a catch-up), the rest reported.
 */
function applyMissedPolicy(definition: ScheduleDefinition, eligible: Eligible[], now: Date) {
  const passedOver = eligible.reduce((sum, candidate) => sum + candidate.passedOver, 0);
  const lastArrived = eligible.findLastIndex((candidate) => candidate.at <= now);
  const missedOnes = eligible.slice(0, Math.max(lastArrived, 0));
  const toGenerate = eligible.slice(missedOnes.length).map((candidate) => ({ ...candidate, catchUp: false }));
  if (definition.missed === 'catch_up_one' && missedOnes.length > 0) toGenerate.unshift({ ...missedOnes.pop()!, catchUp: true });
  const count = missedOnes.length + passedOver;
  const reference = missedOnes.length > 0 ? missedOnes : eligible;
  const missed: MissedOccurrences | null = count === 0 ? null : { count, firstAt: reference[0]!.at, lastAt: reference.at(-1)!.at };
  return { toGenerate, missed };
}

function dueOccurrenceOf(definition: ScheduleDefinition, candidate: Eligible & { catchUp: boolean }, trigger: DueOccurrence['trigger'], replaces: string[]): DueOccurrence {
  return {
    occurrenceId: candidate.occurrenceId,
    occurrenceAt: candidate.at,
    plannedStartAt: candidate.plannedStartAt,
    dueAt: shiftInZone(candidate.plannedStartAt, definition.zone, definition.dueOffset, 1),
    trigger,
    catchUp: candidate.catchUp,
    replacesOccurrenceIds: replaces,
  };
}

/** Marks an occurrence as generated: it is open until its work order is completed or cancelled. */
function recordGenerated(state: StreamState, occurrence: DueOccurrence): void {
  state.openOccurrenceIds = state.openOccurrenceIds.filter((id) => !occurrence.replacesOccurrenceIds.includes(id));
  if (!state.openOccurrenceIds.includes(occurrence.occurrenceId)) state.openOccurrenceIds.push(occurrence.occurrenceId);
  state.lastOccurrenceAt = occurrence.occurrenceAt.toISOString();
  state.lastOccurrenceId = occurrence.occurrenceId;
}

/** Calendars, the missed policy and the overlap policy turn candidates into what to publish. */
function settle(definition: ScheduleDefinition, key: StreamKey, state: StreamState, candidates: Candidate[], now: Date): StreamStep {
  const { skipped, eligible } = applyCalendars(definition, key, state, candidates);
  const { toGenerate, missed } = applyMissedPolicy(definition, eligible, now);
  const due: DueOccurrence[] = [];
  for (const candidate of toGenerate) {
    const open = state.openOccurrenceIds.filter((id) => id !== candidate.occurrenceId);
    if (definition.overlap === 'skip_if_open' && open.length > 0) {
      skipped.push({ occurrenceId: candidate.occurrenceId, occurrenceAt: candidate.at, reason: 'open_overlap' });
      continue;
    }
    // replace_open never replaces what this same step generates: a catch-up (catch_up_one) would
    // otherwise be cancelled as soon as it is created, and the policy would do nothing.
    const generatedNow = new Set(due.map((occurrence) => occurrence.occurrenceId));
    const replaces = definition.overlap === 'replace_open' ? open.filter((id) => !generatedNow.has(id)) : [];
    const occurrence = dueOccurrenceOf(definition, candidate, candidate.trigger, replaces);
    recordGenerated(state, occurrence);
    due.push(occurrence);
  }
  return { state, due, skipped, missed };
}

/**
 * A manual occurrence ("trigger now") at `at`, with the same identity rule as scheduled ones. The
 * planner asked for it, so calendars, seasons and skip-if-open do not hold it back; `replace_open`
 * still replaces the open one. It does not move a fixed cadence.
 */
export function triggerNow(definition: ScheduleDefinition, key: StreamKey, current: StreamState, at: Date): StreamStep {
  const state = cloneState(current);
  const candidate = { at, trigger: 'calendar' as const, passedOver: 0, occurrenceId: occurrenceIdOf(key.planId, key.assetId, at), plannedStartAt: at, catchUp: false };
  const replaces = definition.overlap === 'replace_open' ? state.openOccurrenceIds.filter((id) => id !== candidate.occurrenceId) : [];
  const occurrence = dueOccurrenceOf(definition, candidate, 'manual', replaces);
  recordGenerated(state, occurrence);
  return { state, due: [occurrence], skipped: [], missed: null };
}

/** The local start time of the plan on the local date of `day`: where a floating calendar restarts. */
function restartPointOf(definition: ScheduleDefinition, day: Date): Date {
  const time = wallClockOf(definition.startsAt, definition.zone);
  const date = wallClockOf(day, definition.zone);
  return instantOf({ ...time, year: date.year, month: date.month, day: date.day }, definition.zone);
}

/**
 * The work order of an occurrence was completed (`completedAt`) or cancelled (null): the occurrence
 * is no longer open. With a floating anchor, the completion of the latest occurrence re-bases the
 * stream: each calendar rule restarts on the completion's local date at the plan's start time (its
 * next occurrence is the first one after that restart), and meter intervals count from the meter's
 * total at completion.
 */
export function workOrderClosed(
  definition: ScheduleDefinition,
  current: StreamState,
  occurrence: { occurrenceId: string; completedAt: Date | null },
): StreamState {
  const state = cloneState(current);
  state.openOccurrenceIds = state.openOccurrenceIds.filter((id) => id !== occurrence.occurrenceId);
  const isLatest = occurrence.occurrenceId === state.lastOccurrenceId;
  if (definition.anchor !== 'floating' || occurrence.completedAt === null || !isLatest) return state;
  const restart = restartPointOf(definition, occurrence.completedAt);
  definition.triggers.forEach((trigger, index) => {
    const triggerState = state.triggers[index]!;
    if (trigger.kind === 'calendar' && triggerState.kind === 'calendar') {
      triggerState.startAt = restart.toISOString();
      const next = recurrenceOf(definition, trigger, triggerState.startAt).nextAfter(restart);
      triggerState.nextAt = iso(next !== null && definition.endsAt !== null && next > definition.endsAt ? null : next);
    }
    if (trigger.kind === 'meter_interval' && triggerState.kind === 'meter_interval' && triggerState.lastTotal !== null) {
      triggerState.nextTotal = roundUnits(triggerState.lastTotal + trigger.every);
    }
  });
  return state;
}
