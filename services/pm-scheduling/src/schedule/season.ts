import { DateTime } from 'luxon';

/** A yearly window "MM-DD" to "MM-DD", both days included; `from` after `to` wraps over the new year. */
export interface Season {
  from: string;
  to: string;
}

const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** True when "MM-DD" names a day that exists in some year (02-29 does, in leap years). */
export function isMonthDay(value: string): boolean {
  const match = MONTH_DAY.exec(value);
  if (!match) return false;
  return DateTime.fromObject({ year: 2024, month: Number(match[1]), day: Number(match[2]) }).isValid;
}

function inWindow(monthDay: string, season: Season): boolean {
  if (season.from <= season.to) return monthDay >= season.from && monthDay <= season.to;
  return monthDay >= season.from || monthDay <= season.to;
}

/** True when no seasons are set, or the local date of `at` falls inside one of them. */
export function isInSeason(at: Date, zone: string, seasons: readonly Season[]): boolean {
  if (seasons.length === 0) return true;
  const monthDay = DateTime.fromJSDate(at, { zone }).toFormat('MM-dd');
  return seasons.some((season) => inWindow(monthDay, season));
}

/**
 * True when a season opens at least once between `start` and `end` (no end: it will, once a year).
 * Checked day by day, at most a year and a day: a 29 February season needs a leap year in the range.
 */
export function seasonOpensBetween(season: Season, start: Date, end: Date | null, zone: string): boolean {
  if (season.from === '02-29' && season.to === '02-29' && end === null) return true;
  const first = DateTime.fromJSDate(start, { zone }).startOf('day');
  const last = end === null ? first.plus({ days: 366 * 4 }) : DateTime.fromJSDate(end, { zone });
  for (let day = first; day <= last; day = day.plus({ days: 1 })) {
    if (inWindow(day.toFormat('MM-dd'), season)) return true;
  }
  return false;
}
