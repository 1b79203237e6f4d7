import { Frequency, RRule, type Options } from 'rrule';
import { floatingDateOf, instantOf, wallClockOf, wallClockOfFloating } from './local-time';

/**
 * A calendar trigger's rule: the RRULE part of RFC 5545 (e.g. "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2"),
 * evaluated on the wall clock of the plan's zone and starting at the plan's start.
 * The start (DTSTART) and the zone (TZID) belong to the plan, and its end to the plan's end date,
 * so the rule itself may not carry DTSTART, TZID or UNTIL.
 * Sub-minute frequencies are refused: a PM is never due every few seconds.
 */
export type RecurrenceProblem =
  | 'empty'
  | 'syntax'
  | 'no_frequency'
  | 'sub_minute'
  | 'forbidden_part'
  | 'never_occurs';

const ALLOWED_FREQUENCIES = new Set<Frequency>([
  Frequency.YEARLY,
  Frequency.MONTHLY,
  Frequency.WEEKLY,
  Frequency.DAILY,
  Frequency.HOURLY,
  Frequency.MINUTELY,
]);

/** Daylight-saving changes move wall clocks by at most two hours; three is a safe margin. */
const DST_MARGIN_MS = 3 * 3_600_000;

/** How far ahead a rule must produce an occurrence to count as a rule that occurs at all. */
const NEVER_OCCURS_HORIZON_YEARS = 10;

export interface RecurrenceCheck {
  problem: RecurrenceProblem;
  message: string;
}

/** Allowed ranges of the numeric BY parts (RFC 5545 section 3.3.10); negative values count from the end. */
const PART_RANGES: Partial<Record<keyof Options, { min: number; max: number; signed: boolean }>> = {
  byhour: { min: 0, max: 23, signed: false },
  byminute: { min: 0, max: 59, signed: false },
  bymonth: { min: 1, max: 12, signed: false },
  bymonthday: { min: 1, max: 31, signed: true },
  byyearday: { min: 1, max: 366, signed: true },
  byweekno: { min: 1, max: 53, signed: true },
  bysetpos: { min: 1, max: 366, signed: true },
  count: { min: 1, max: 100_000, signed: false },
};

/**
 * rrule's parser is lenient: an unknown weekday becomes undefined, a word stays a string, and an
 * hour of 25 rolls over into the next day. The first part whose value is not allowed, or null.
 */
function invalidPart(options: Partial<Options>): string | null {
  for (const [name, value] of Object.entries(options)) {
    if (name === 'freq') continue;
    const values: unknown[] = Array.isArray(value) ? value : [value];
    const range = PART_RANGES[name as keyof Options];
    for (const item of values) {
      if (item === undefined || item === null || typeof item === 'string' || Number.isNaN(item)) return name;
      if (range && typeof item === 'number') {
        const magnitude = range.signed ? Math.abs(item) : item;
        if (!Number.isInteger(item) || magnitude < range.min || magnitude > range.max) return name;
      }
    }
  }
  return null;
}

function parseOptions(rule: string): Partial<Options> | RecurrenceCheck {
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (text === '') return { problem: 'empty', message: 'must not be empty' };
  if (/(^|;)\s*(DTSTART|TZID|UNTIL)\s*=/i.test(text) || /[\r\n]/.test(text)) {
    return { problem: 'forbidden_part', message: 'must not contain DTSTART, TZID or UNTIL: the plan gives the start, zone and end' };
  }
  try {
    const options = RRule.parseString(text);
    const invalid = invalidPart(options);
    if (invalid !== null) throw new Error(`${invalid.toUpperCase()} has an invalid value`);
    return options;
  } catch (error) {
    return { problem: 'syntax', message: `is not a valid RFC 5545 recurrence rule (${(error as Error).message})` };
  }
}

function isCheck(value: Partial<Options> | RecurrenceCheck): value is RecurrenceCheck {
  return 'problem' in value;
}

/** The rule's options, or why the rule cannot be used. Whether it ever occurs is `recurrenceProblem`'s job. */
function ruleOptions(rule: string): Partial<Options> | RecurrenceCheck {
  const options = parseOptions(rule);
  if (isCheck(options)) return options;
  if (options.freq === undefined || options.freq === null) return { problem: 'no_frequency', message: 'needs a FREQ' };
  if (!ALLOWED_FREQUENCIES.has(options.freq)) return { problem: 'sub_minute', message: 'must not repeat more often than every minute' };
  if (options.bysecond !== undefined && options.bysecond !== null) return { problem: 'sub_minute', message: 'must not use BYSECOND' };
  if (options.interval !== undefined && !(Number.isInteger(options.interval) && options.interval >= 1)) {
    return { problem: 'syntax', message: 'INTERVAL must be a positive whole number' };
  }
  return options;
}

const SUB_DAILY_STEP_MS: Partial<Record<Frequency, number>> = { [Frequency.HOURLY]: 3_600_000, [Frequency.MINUTELY]: 60_000 };

/** A calendar recurrence bound to a plan's zone and start. */
export class Recurrence {
  private readonly rule: RRule;
  private readonly dtstart: Date;

  private constructor(
    private readonly options: Partial<Options>,
    private readonly zone: string,
    start: Date,
  ) {
    // Seconds of the start are dropped: occurrences fall on whole minutes.
    this.dtstart = floatingDateOf({ ...wallClockOf(start, zone), second: 0 });
    this.rule = new RRule({ ...options, dtstart: this.dtstart, tzid: null }, true);
  }

  /**
   * rrule walks every occurrence from DTSTART on each query; for hourly and minutely rules a year
   * is hundreds of thousands of steps. Their floating-time lattice is uniform, so a DTSTART moved
   * forward by whole intervals gives the same occurrences (COUNT is the exception: it counts from
   * the real start, so such rules keep it).
   */
  private ruleNear(floatingCursor: Date): RRule {
    const step = this.options.freq === undefined ? undefined : SUB_DAILY_STEP_MS[this.options.freq];
    if (step === undefined || this.options.count) return this.rule;
    const period = step * (this.options.interval ?? 1);
    const periods = Math.floor((floatingCursor.getTime() - this.dtstart.getTime()) / period) - 1;
    if (periods <= 0) return this.rule;
    return new RRule({ ...this.options, dtstart: new Date(this.dtstart.getTime() + periods * period), tzid: null }, true);
  }

  /** The recurrence, or a problem naming what is wrong with the rule. */
  static parse(rule: string, zone: string, start: Date): Recurrence | RecurrenceCheck {
    const options = ruleOptions(rule);
    if (isCheck(options)) return options;
    const recurrence = new Recurrence(options, zone, start);
    const horizon = new Date(start.getTime() + NEVER_OCCURS_HORIZON_YEARS * 366 * 86_400_000);
    const first = recurrence.nextAfter(new Date(start.getTime() - 1));
    if (first === null || first > horizon) {
      return { problem: 'never_occurs', message: `produces no occurrence within ${NEVER_OCCURS_HORIZON_YEARS} years of the start` };
    }
    return recurrence;
  }

  /** Like `parse`, for a rule already validated (stored plans): a problem is a bug, so it throws. */
  static of(rule: string, zone: string, start: Date): Recurrence {
    const options = ruleOptions(rule);
    if (isCheck(options)) throw new Error(`stored recurrence rule is invalid: ${options.message}`);
    return new Recurrence(options, zone, start);
  }

  /** The instants of the rule's wall-clock times in [from, to] (floating), sorted, each once. */
  private instantsOfWallWindow(from: Date, to: Date): Date[] {
    const walls = this.ruleNear(from).between(from, to, true);
    const millis = new Set(walls.map((wall) => instantOf(wallClockOfFloating(wall), this.zone).getTime()));
    return [...millis].sort((a, b) => a - b).map((ms) => new Date(ms));
  }

  /**
   * The first occurrence strictly after `after`. Wall-clock times come from rrule; each becomes an
   * instant by the zone rules of `instantOf`. Around a daylight-saving change a wall-clock time
   * can land at the same instant as another (the skipped hour moves onto the next one: they are one
   * occurrence) or even after a later one, so the wall clock is searched a margin either side and
   * the earliest instant wins.
   */
  nextAfter(after: Date): Date | null {
    const wallAfter = floatingDateOf(wallClockOf(after, this.zone)).getTime();
    const windowEnd = new Date(wallAfter + DST_MARGIN_MS);
    const nearby = this.instantsOfWallWindow(new Date(wallAfter - DST_MARGIN_MS), windowEnd).find((instant) => instant > after);
    if (nearby) return nearby;
    const later = this.ruleNear(windowEnd).after(windowEnd, false);
    return later === null ? null : instantOf(wallClockOfFloating(later), this.zone);
  }

  /** Every occurrence in [from, to), in order, at most `limit`. */
  between(from: Date, to: Date, limit = Number.POSITIVE_INFINITY): Date[] {
    if (to <= from) return [];
    const wallFrom = floatingDateOf(wallClockOf(from, this.zone)).getTime() - DST_MARGIN_MS;
    const wallTo = floatingDateOf(wallClockOf(to, this.zone)).getTime() + DST_MARGIN_MS;
    return this.instantsOfWallWindow(new Date(wallFrom), new Date(wallTo))
      .filter((instant) => instant >= from && instant < to)
      .slice(0, limit);
  }
}

export function isRecurrenceProblem(value: Recurrence | RecurrenceCheck): value is RecurrenceCheck {
  return !(value instanceof Recurrence);
}
