export { isKnownTimeZone, instantOf, wallClockOf, localDateOf, type WallClock } from './local-time';
export { Recurrence, isRecurrenceProblem, type RecurrenceCheck } from './recurrence';
export { occurrenceIdOf } from './occurrence-id';
export { shiftInZone, isNonNegativeDuration } from './durations';
export { placeOnCalendar, type WorkCalendar, type IsoWeekday, type NonWorkingDayRule } from './work-calendar';
export { isInSeason, type Season } from './season';
export type {
  ScheduleDefinition,
  Trigger,
  TriggerKind,
  CalendarTrigger,
  MeterIntervalTrigger,
  MeterThresholdTrigger,
  MeterSelector,
  Combination,
  Anchor,
  OverlapPolicy,
  MissedPolicy,
} from './schedule-definition';
export type {
  StreamState,
  TriggerState,
  StreamStep,
  StreamKey,
  DueOccurrence,
  SkippedOccurrence,
  MissedOccurrences,
  SkipReason,
  MeterReading,
} from './stream-state';
export { initialStreamState, nextGenerationAt, tick, recordReading, triggerNow, workOrderClosed } from './stream-engine';
export { scheduleErrors } from './schedule-validation';
export { nominalIntervalMs } from './nominal-interval';
