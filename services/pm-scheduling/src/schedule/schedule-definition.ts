import type { Season } from './season';
import type { WorkCalendar } from './work-calendar';

/** Meters are named by id (one asset) or by unit (every targeted asset's meter of that unit, e.g. "h"). */
export type MeterSelector = { meterId: string; unit?: undefined } | { unit: string; meterId?: undefined };

export type CalendarTrigger = { kind: 'calendar'; rule: string };
export type MeterIntervalTrigger = { kind: 'meter_interval'; meter: MeterSelector; every: number };
export type MeterThresholdTrigger = {
  kind: 'meter_threshold';
  meter: MeterSelector;
  /** `above`: fires when a reading reaches `value` or more; `below`: `value` or less. */
  direction: 'above' | 'below';
  value: number;
  /** The level the gauge must return past before the trigger fires again (below `value` for `above`). */
  resetAt: number;
};
export type Trigger = CalendarTrigger | MeterIntervalTrigger | MeterThresholdTrigger;
export type TriggerKind = Trigger['kind'];

export type Combination = 'any' | 'all';
export type Anchor = 'fixed' | 'floating';
export type OverlapPolicy = 'skip_if_open' | 'stack' | 'replace_open';
export type MissedPolicy = 'skip_and_log' | 'catch_up_one';

/** Everything that decides when a plan's occurrences fall: the engine's whole input besides state. */
export interface ScheduleDefinition {
  /** IANA zone the calendar rules, seasons and the working calendar are read in. */
  zone: string;
  startsAt: Date;
  endsAt: Date | null;
  triggers: Trigger[];
  combine: Combination;
  anchor: Anchor;
  /** ISO 8601 duration: the work order is generated this long before the occurrence ("P2D"). */
  leadTime: string;
  /** ISO 8601 duration: the work is due this long after the occurrence ("PT8H"). */
  dueOffset: string;
  overlap: OverlapPolicy;
  missed: MissedPolicy;
  seasons: Season[];
  /** Every Xth scheduled occurrence is skipped (X ≥ 2); null for none. */
  skipEvery: number | null;
  calendar: WorkCalendar | null;
}
