import { ValidateBy, type ValidationOptions } from 'class-validator';
import { Transform } from 'class-transformer';

/** Custom field definitions per tenant and entity type; keys in one `customFields` object. */
export const MAX_CUSTOM_FIELDS = 100;

/** Why `value` cannot be a `customFields` object, or undefined when it can. */
export function customFieldsShapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of custom field values by key';
  if (Object.keys(value).length > MAX_CUSTOM_FIELDS) return `must have at most ${MAX_CUSTOM_FIELDS} keys`;
  return undefined;
}

/**
 * Tenant-defined custom fields: an object of values by key. Only its shape is checked here; the
 * keys and values are checked against the tenant's definitions by the custom-fields feature.
 */
export function IsCustomFields(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCustomFields',
      validator: {
        validate: (value: unknown) => customFieldsShapeProblem(value) === undefined,
        defaultMessage: (args) => `$property ${customFieldsShapeProblem(args?.value) ?? 'is invalid'}`,
      },
    },
    options,
  );
}

const DECIMAL = /^-?\d{1,12}(\.\d{1,4})?$/;
const NON_NEGATIVE_DECIMAL = /^\d{1,12}(\.\d{1,4})?$/;

/** A decimal string such as "12.50" (money and quantities never travel as floats). */
export function IsDecimalString(options: { nonNegative?: boolean } & ValidationOptions = {}): PropertyDecorator {
  const pattern = options.nonNegative ? NON_NEGATIVE_DECIMAL : DECIMAL;
  return ValidateBy(
    {
      name: 'isDecimalString',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && pattern.test(value),
        defaultMessage: () =>
          `$property must be a ${options.nonNegative ? 'non-negative ' : ''}decimal string with at most 12 digits before and 4 after the point, e.g. "12.50"`,
      },
    },
    options,
  );
}

/** `a,b,c` in a query string (or a repeated parameter) becomes an array. */
export function CommaSeparated(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value === 'string') return value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
    return value;
  });
}

/** A query parameter that may repeat: one occurrence becomes a one-element array (commas stay). */
export function RepeatableQuery(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value));
}

/** `true`/`false` in a query string become booleans; anything else stays as given (and fails). */
export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
}
