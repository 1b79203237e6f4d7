import { Recurrence } from './recurrence';
import type { ScheduleDefinition } from './schedule-definition';

/**
 * The PM interval at an occurrence, for the compliance grace: the time to the next occurrence of
 * the plan's calendar rules (the shortest when there are several). Null for plans without a
 * calendar trigger: their interval is counted in meter units, not time.
 */
export function nominalIntervalMs(definition: ScheduleDefinition, occurrenceAt: Date): number | null {
  let shortest: number | null = null;
  for (const trigger of definition.triggers) {
    if (trigger.kind !== 'calendar') continue;
    const next = Recurrence.of(trigger.rule, definition.zone, definition.startsAt).nextAfter(occurrenceAt);
    if (next === null) continue;
    const interval = next.getTime() - occurrenceAt.getTime();
    if (shortest === null || interval < shortest) shortest = interval;
  }
  return shortest;
}
