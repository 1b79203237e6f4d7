/**
 * Date and timestamp texts checked field by field. class-validator's `isISO8601({ strict: true })`
 * also accepts ISO week and ordinal dates (`2026-W05-3`, `2026-123`), bare years and more, which
 * JavaScript's `Date` and PostgreSQL cannot read: they reached the database as Invalid Date (a 500)
 * or as another day. These accept only what the API documents, and only real days and times.
 */

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** RFC 3339 §5.6 `date-time`: the offset is required; `T` and `Z` may be lower case (§5.6 note). */
const RFC3339_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * A timestamp as the services write it into cursors: `Date.toISOString()`, or PostgreSQL's
 * `timestamptz::text` (space instead of `T`, microseconds, offset `+HH`, `+HH:MM` or `+HH:MM:SS`).
 */
const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:[Zz]|[+-](\d{2})(?::(\d{2})(?::(\d{2}))?)?)$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Year 0 does not exist for PostgreSQL (1 BC precedes AD 1), so it starts at 1. */
function isRealDay(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/**
 * Leap seconds (`:60`) are refused: `Date` cannot hold them. PostgreSQL refuses offsets beyond
 * ±15:59:59 (real ones span −12:00 to +14:00). Missing offset parts read as 0.
 */
function isRealTime(hour: string, minute: string, second: string, offsetParts: ReadonlyArray<string | undefined>): boolean {
  const [offsetHour = '0', offsetMinute = '0', offsetSecond = '0'] = offsetParts;
  return (
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetHour) <= 15 &&
    Number(offsetMinute) <= 59 &&
    Number(offsetSecond) <= 59
  );
}

/** `YYYY-MM-DD` naming a day that exists (no `2026-02-30`). */
export function isCalendarDate(text: string): boolean {
  const match = CALENDAR_DATE.exec(text);
  return match !== null && isRealDay(match[1], match[2], match[3]);
}

/** An RFC 3339 date-time with its offset, naming a real instant that `Date` reads. */
export function isDateTime(text: string): boolean {
  const match = RFC3339_DATE_TIME.exec(text);
  return (
    match !== null &&
    isRealDay(match[1], match[2], match[3]) &&
    isRealTime(match[4], match[5], match[6], [match[7], match[8]]) &&
    Number.isFinite(Date.parse(text))
  );
}

/** A timestamp PostgreSQL reads as `timestamptz` in any session: `toISOString()` or `timestamptz::text` form. */
export function isTimestampText(text: string): boolean {
  const match = TIMESTAMP_TEXT.exec(text);
  return match !== null && isRealDay(match[1], match[2], match[3]) && isRealTime(match[4], match[5], match[6], [match[7], match[8], match[9]]);
}
