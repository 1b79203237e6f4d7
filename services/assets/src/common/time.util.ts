import { timestampFromDate, type Timestamp } from '@bufbuild/protobuf/wkt';

export function timestamp(date: Date): Timestamp {
  return timestampFromDate(date);
}

/** `YYYY-MM-DD` of a date column, or null. */
export function isoDate(value: string | Date | null): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  return value.toISOString().slice(0, 10);
}
