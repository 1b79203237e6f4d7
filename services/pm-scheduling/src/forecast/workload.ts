import { DateTime } from 'luxon';
import type { ForecastOccurrence } from './forecast';

/** What the work of an occurrence costs and who does it (from the plan's template). */
export interface WorkAssignment {
  estimatedMinutes: number | null;
  teamId: string | null;
  assigneeIds: string[];
}

export interface WeeklyWorkload {
  /** ISO week of the planned start, in `zone`: "2026-W10". */
  week: string;
  occurrences: number;
  /** Occurrences without an estimated duration: their hours are unknown, not zero. */
  withoutEstimate: number;
  hours: number;
  hoursByTeam: Record<string, number>;
  hoursByAssignee: Record<string, number>;
}

/**
 * Estimated hours per ISO week, per team and per assignee, so planners can level the load. Each
 * assignee is counted with the full duration (they all work on it), the team once.
 */
export function weeklyWorkload(
  occurrences: ReadonlyArray<ForecastOccurrence & WorkAssignment>,
  zone: string,
): WeeklyWorkload[] {
  const weeks = new Map<string, WeeklyWorkload>();
  for (const occurrence of occurrences) {
    const week = DateTime.fromJSDate(occurrence.plannedStartAt, { zone }).toFormat("kkkk-'W'WW");
    const entry = weeks.get(week) ?? { week, occurrences: 0, withoutEstimate: 0, hours: 0, hoursByTeam: {}, hoursByAssignee: {} };
    weeks.set(week, entry);
    entry.occurrences += 1;
    if (occurrence.estimatedMinutes === null) {
      entry.withoutEstimate += 1;
      continue;
    }
    const hours = occurrence.estimatedMinutes / 60;
    entry.hours += hours;
    if (occurrence.teamId !== null) entry.hoursByTeam[occurrence.teamId] = (entry.hoursByTeam[occurrence.teamId] ?? 0) + hours;
    for (const assignee of occurrence.assigneeIds) entry.hoursByAssignee[assignee] = (entry.hoursByAssignee[assignee] ?? 0) + hours;
  }
  return [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week));
}
