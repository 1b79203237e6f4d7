import { ValidateBy, type ValidationOptions } from 'class-validator';
import { Transform } from 'class-transformer';

/** Custom field definitions per tenant and entity type; keys in one `customFields` object. */
export const MAX_CUSTOM_FIELDS = 100;

/** The OpenAPI schema of one custom field value (its type comes from the tenant's definition). */
export const CUSTOM_FIELD_VALUE_SCHEMA = { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] };

/** The same, where `null` removes the value (updates). */
export const CUSTOM_FIELD_VALUE_OR_NULL_SCHEMA = { oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }] };

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

export interface DecimalStringOptions {
  /** Digits allowed before the point: the column's precision minus its scale (default 12). */
  integerDigits?: number;
  /** Digits allowed after the point: the column's scale (default 4). Nothing is rounded away. */
  fractionDigits?: number;
  /** Refuse a minus sign. */
  nonNegative?: boolean;
  /** Refuse a minus sign and zero (with `fractionDigits` at the column's scale, nothing rounds to 0). */
  positive?: boolean;
}

/** Whether `value` is a decimal string within `options` (see {@link IsDecimalString}). */
export function isDecimalString(value: unknown, options: DecimalStringOptions = {}): value is string {
  const { integerDigits = 12, fractionDigits = 4 } = options;
  if (typeof value !== 'string') return false;
  const sign = options.nonNegative || options.positive ? '' : '-?';
  const fraction = fractionDigits > 0 ? `(\\.\\d{1,${fractionDigits}})?` : '';
  if (!new RegExp(`^${sign}\\d{1,${integerDigits}}${fraction}$`).test(value)) return false;
  return !options.positive || /[1-9]/.test(value);
}

function decimalStringMessage(options: DecimalStringOptions): string {
  const { integerDigits = 12, fractionDigits = 4 } = options;
  const kind = options.positive ? 'positive ' : options.nonNegative ? 'non-negative ' : '';
  const example = fractionDigits >= 2 ? '"12.50"' : fractionDigits === 1 ? '"12.5"' : '"12"';
  return `$property must be a ${kind}decimal string with at most ${integerDigits} digits before and ${fractionDigits} after the point, e.g. ${example}`;
}

/**
 * A decimal string such as "12.50" (money and quantities never travel as floats). Give the
 * limits of the column it is stored in — numeric(p, s) holds `integerDigits: p - s,
 * fractionDigits: s` — so that no accepted value overflows the column or is rounded by it.
 */
export function IsDecimalString(options: DecimalStringOptions & ValidationOptions = {}): PropertyDecorator {
  const { integerDigits, fractionDigits, nonNegative, positive, ...validationOptions } = options;
  const limits: DecimalStringOptions = { integerDigits, fractionDigits, nonNegative, positive };
  return ValidateBy(
    {
      name: 'isDecimalString',
      validator: {
        validate: (value: unknown) => isDecimalString(value, limits),
        defaultMessage: () => decimalStringMessage(limits),
      },
    },
    validationOptions,
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
