import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { PermanentEventError } from '@mate/messaging';
import { isUuid } from '@mate/service-kit';

/** An id the projections key on: a malformed one can never be stored, so it is dead-lettered at once. */
export function uuidField(value: string, field: string): string {
  if (!isUuid(value)) throw new PermanentEventError(`${field} is not a uuid`);
  return value;
}

/** An optional id: empty means none. */
export function optionalUuidField(value: string, field: string): string | null {
  return value === '' ? null : uuidField(value, field);
}

export function timeField(value: Timestamp | undefined, field: string): Date {
  if (!value) throw new PermanentEventError(`${field} is missing`);
  return timestampDate(value);
}

export const optionalTime = (value: Timestamp | undefined): Date | null => (value ? timestampDate(value) : null);
