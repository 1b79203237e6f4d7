import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate, isDateTime } from './date-time-text';

/**
 * A `format: date` field: `YYYY-MM-DD` naming a real day. Use instead of `@IsISO8601()` /
 * `@IsDateString()`, which also let week and ordinal dates through (`2026-W05-3`, `2026-123`).
 */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => '$property must be a date YYYY-MM-DD, e.g. 2026-01-31',
      },
    },
    options,
  );
}

/**
 * A `format: date-time` field: an RFC 3339 date-time with its offset that `Date` reads. Use instead
 * of `@IsISO8601()`, which also lets week and ordinal dates through and so let Invalid Date reach
 * the handlers.
 */
export function IsDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateTime',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isDateTime(value),
        defaultMessage: () => '$property must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T14:30:00Z',
      },
    },
    options,
  );
}
