import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { Transform } from 'class-transformer';

/** Optional, but when present not null: for fields that cannot be cleared. */
export function IsPresentNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

const CUSTOM_FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const MAX_CUSTOM_FIELDS = 50;
export const MAX_CUSTOM_FIELD_STRING = 1000;

/** Why `value` is not a valid custom-fields object, or undefined when it is. */
export function customFieldsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_CUSTOM_FIELDS) return `must have at most ${MAX_CUSTOM_FIELDS} fields`;
  for (const [key, field] of entries) {
    if (!CUSTOM_FIELD_KEY.test(key)) return `field name "${key.slice(0, 64)}" must start with a letter and use letters, digits and _`;
    if (field === null || typeof field === 'boolean') continue;
    if (typeof field === 'number' && Number.isFinite(field)) continue;
    if (typeof field === 'string' && field.length <= MAX_CUSTOM_FIELD_STRING) continue;
    return `field "${key}" must be a string (at most ${MAX_CUSTOM_FIELD_STRING} characters), a finite number, a boolean or null`;
  }
  return undefined;
}

/** Tenant-defined custom fields: a flat object of scalar values. */
export function IsCustomFields(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCustomFields',
      validator: {
        validate: (value: unknown) => customFieldsProblem(value) === undefined,
        defaultMessage: (args) => `$property ${customFieldsProblem(args?.value) ?? 'is invalid'}`,
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

/** `true`/`false` in a query string become booleans; anything else stays as given (and fails). */
export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
}
