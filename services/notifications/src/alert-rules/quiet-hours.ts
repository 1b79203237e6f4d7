/** A daily window (local time of `timeZone`) in which only critical alerts are sent. */
export interface QuietHours {
  /** `HH:MM`, 24-hour. A window may cross midnight (22:00 to 07:00). */
  start: string;
  end: string;
  /** IANA name, e.g. `Europe/Berlin`. */
  timeZone: string;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTime(value: string): boolean {
  return HH_MM.test(value);
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * When the quiet window that `at` falls in ends, or null when `at` is outside it. Minutes are
 * counted on the local clock, so on the night a clock changes the end may be an hour off: a
 * deferred alert then waits an hour more or less, which is harmless.
 */
export function quietHoursEnd(quiet: QuietHours, at: Date): Date | null {
  const now = localMinutes(at, quiet.timeZone);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const wait = (end - now + 24 * 60) % (24 * 60);
  const seconds = at.getUTCSeconds() * 1000 + at.getUTCMilliseconds();
  return new Date(at.getTime() + wait * 60_000 - seconds);
}

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours * 60 + minutes;
}

function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const value = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}
