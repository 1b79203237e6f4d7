import { DateTime, Duration } from 'luxon';

/** True for an ISO 8601 duration that is zero or positive, e.g. "P2D", "PT4H", "P1W". */
export function isNonNegativeDuration(value: string): boolean {
  const duration = Duration.fromISO(value);
  return duration.isValid && duration.toMillis() >= 0 && Object.values(duration.toObject()).every((part) => part >= 0);
}

/**
 * `instant` moved by an ISO 8601 duration on the wall clock of `zone`: one day before 06:00 is
 * 06:00 the day before, also across a daylight-saving change.
 */
export function shiftInZone(instant: Date, zone: string, duration: string, direction: 1 | -1): Date {
  const local = DateTime.fromJSDate(instant, { zone });
  const step = Duration.fromISO(duration);
  return (direction === 1 ? local.plus(step) : local.minus(step)).toJSDate();
}
