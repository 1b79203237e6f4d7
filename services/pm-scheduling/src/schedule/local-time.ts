import { DateTime, IANAZone } from 'luxon';

/** A wall-clock reading without a zone: what a planner types ("06:00 on 29 March"). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** True when `zone` is an IANA time zone name the runtime knows (e.g. "Europe/Berlin"). */
export function isKnownTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The wall clock `instant` shows in `zone`. */
export function wallClockOf(instant: Date, zone: string): WallClock {
  const { year, month, day, hour, minute, second } = DateTime.fromJSDate(instant, { zone });
  return { year, month, day, hour, minute, second };
}

/**
 * The instant a wall-clock time in `zone` names. Two rules make every wall clock name exactly one
 * instant, so a schedule never loses or doubles an occurrence at a daylight-saving change:
 * - a time that does not exist that day (skipped by the clock going forward) moves forward by the
 *   length of the gap: 02:30 on a day the clock jumps from 02:00 to 03:00 is 03:30;
 * - a time that exists twice (the clock going back) is its first instance, in the offset before the change.
 */
export function instantOf(wall: WallClock, zone: string): Date {
  const resolved = DateTime.fromObject(wall, { zone });
  const instances = resolved.getPossibleOffsets().map((candidate) => candidate.toMillis());
  if (instances.length === 0) return resolved.toJSDate();
  return new Date(Math.min(...instances));
}

/** The calendar date of `instant` in `zone`, as "YYYY-MM-DD". */
export function localDateOf(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

/**
 * rrule computes in "floating" time: a Date whose UTC fields are the wall clock. These two convert
 * between that representation and a WallClock, so no zone arithmetic is ever done by hand.
 */
export function floatingDateOf(wall: WallClock): Date {
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
}

export function wallClockOfFloating(floating: Date): WallClock {
  return {
    year: floating.getUTCFullYear(),
    month: floating.getUTCMonth() + 1,
    day: floating.getUTCDate(),
    hour: floating.getUTCHours(),
    minute: floating.getUTCMinutes(),
    second: floating.getUTCSeconds(),
  };
}
