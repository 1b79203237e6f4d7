import type { FieldError } from '@mate/service-kit';
import { isNonNegativeDuration } from './durations';
import { isKnownTimeZone } from './local-time';
import { isRecurrenceProblem, Recurrence } from './recurrence';
import type { ScheduleDefinition, Trigger } from './schedule-definition';
import { isMonthDay, seasonOpensBetween } from './season';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function triggerErrors(trigger: Trigger, field: string, definition: ScheduleDefinition): FieldError[] {
  switch (trigger.kind) {
    case 'calendar': {
      const parsed = Recurrence.parse(trigger.rule, definition.zone, definition.startsAt);
      return isRecurrenceProblem(parsed) ? [{ field: `${field}.rule`, message: parsed.message }] : [];
    }
    case 'meter_interval':
      return Number.isFinite(trigger.every) && trigger.every > 0 ? [] : [{ field: `${field}.every`, message: 'must be a positive number' }];
    case 'meter_threshold': {
      if (!Number.isFinite(trigger.value)) return [{ field: `${field}.value`, message: 'must be a number' }];
      if (!Number.isFinite(trigger.resetAt)) return [{ field: `${field}.resetAt`, message: 'must be a number' }];
      const rightSide = trigger.direction === 'above' ? trigger.resetAt < trigger.value : trigger.resetAt > trigger.value;
      if (rightSide) return [];
      const side = trigger.direction === 'above' ? 'below' : 'above';
      return [{ field: `${field}.resetAt`, message: `must be ${side} the threshold value ${trigger.value} for a trigger ${trigger.direction} it` }];
    }
  }
}

function calendarErrors(definition: ScheduleDefinition): FieldError[] {
  const calendar = definition.calendar;
  if (calendar === null) return [];
  const errors: FieldError[] = [];
  if (calendar.workingDays.length === 0) errors.push({ field: 'calendar.workingDays', message: 'must name at least one working day' });
  calendar.holidays.forEach((day, index) => {
    if (!LOCAL_DATE.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) errors.push({ field: `calendar.holidays.${index}`, message: 'must be a date YYYY-MM-DD' });
  });
  return errors;
}

function seasonErrors(definition: ScheduleDefinition): FieldError[] {
  return definition.seasons.flatMap((season, index): FieldError[] => {
    const field = `seasons.${index}`;
    if (!isMonthDay(season.from)) return [{ field: `${field}.from`, message: 'must be a day of the year MM-DD' }];
    if (!isMonthDay(season.to)) return [{ field: `${field}.to`, message: 'must be a day of the year MM-DD' }];
    if (!seasonOpensBetween(season, definition.startsAt, definition.endsAt, definition.zone)) {
      return [{ field, message: 'never opens between the plan start and end' }];
    }
    return [];
  });
}

/**
 * Every rule a schedule must satisfy beyond its shape, each problem naming its field. Nothing is
 * evaluated on an unknown zone: every other check depends on it.
 */
export function scheduleErrors(definition: ScheduleDefinition): FieldError[] {
  if (!isKnownTimeZone(definition.zone)) return [{ field: 'zone', message: `is not a known IANA time zone: ${JSON.stringify(definition.zone.slice(0, 64))}` }];
  const errors: FieldError[] = [];
  if (definition.endsAt !== null && definition.endsAt <= definition.startsAt) errors.push({ field: 'endsAt', message: 'must be after startsAt' });
  if (definition.triggers.length === 0) errors.push({ field: 'triggers', message: 'must contain at least one trigger' });
  definition.triggers.forEach((trigger, index) => errors.push(...triggerErrors(trigger, `triggers.${index}`, definition)));
  if (!isNonNegativeDuration(definition.leadTime)) errors.push({ field: 'leadTime', message: 'must be an ISO 8601 duration of zero or more, e.g. P2D' });
  if (!isNonNegativeDuration(definition.dueOffset)) errors.push({ field: 'dueOffset', message: 'must be an ISO 8601 duration of zero or more, e.g. PT8H' });
  if (definition.skipEvery !== null && !(Number.isInteger(definition.skipEvery) && definition.skipEvery >= 2)) {
    errors.push({ field: 'skipEvery', message: 'must be a whole number of 2 or more' });
  }
  errors.push(...calendarErrors(definition), ...(errors.some((error) => error.field === 'endsAt') ? [] : seasonErrors(definition)));
  return errors;
}
