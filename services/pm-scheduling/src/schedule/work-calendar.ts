import { DateTime } from 'luxon';
import { instantOf, wallClockOf } from './local-time';

/** ISO weekday: 1 Monday … 7 Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** What happens to an occurrence that falls on a holiday or a day that is not a working day. */
export type NonWorkingDayRule = 'skip' | 'previous_working_day' | 'next_working_day';

/** A tenant's working calendar. */
export interface WorkCalendar {
  workingDays: IsoWeekday[];
  /** Local dates "YYYY-MM-DD". */
  holidays: string[];
  nonWorkingDayRule: NonWorkingDayRule;
}

export type Placement =
  | { kind: 'keep'; at: Date }
  | { kind: 'moved'; at: Date }
  | { kind: 'skipped'; reason: 'holiday' | 'non_working_day' };

/** How far a move looks for a working day before it gives up and skips. */
const MAX_MOVE_DAYS = 366;

function dayOff(date: DateTime, calendar: WorkCalendar): 'holiday' | 'non_working_day' | null {
  if (calendar.holidays.includes(date.toISODate() ?? '')) return 'holiday';
  if (!calendar.workingDays.includes(date.weekday as IsoWeekday)) return 'non_working_day';
  return null;
}

/**
 * Where an occurrence lands on the tenant's calendar. A move keeps the local time of day on the
 * working day it lands on (06:00 on a Sunday becomes 06:00 on the Friday before or the Monday after).
 */
export function placeOnCalendar(at: Date, zone: string, calendar: WorkCalendar | null): Placement {
  if (calendar === null) return { kind: 'keep', at };
  const local = DateTime.fromJSDate(at, { zone });
  const reason = dayOff(local, calendar);
  if (reason === null) return { kind: 'keep', at };
  if (calendar.nonWorkingDayRule === 'skip') return { kind: 'skipped', reason };
  const step = calendar.nonWorkingDayRule === 'next_working_day' ? 1 : -1;
  for (let days = 1; days <= MAX_MOVE_DAYS; days += 1) {
    const candidate = local.plus({ days: step * days });
    if (dayOff(candidate, calendar) === null) {
      const wall = wallClockOf(at, zone);
      return { kind: 'moved', at: instantOf({ ...wall, year: candidate.year, month: candidate.month, day: candidate.day }, zone) };
    }
  }
  return { kind: 'skipped', reason };
}
