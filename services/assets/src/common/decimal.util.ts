/**
 * Quantities, money and meter values are exact decimals: numeric in PostgreSQL, strings on the
 * wire. In memory they are BigInts scaled by 10^SCALE, so comparisons and sums are exact.
 */
export const DECIMAL_SCALE = 6;
const FACTOR = 10n ** BigInt(DECIMAL_SCALE);
const DECIMAL_PATTERN = /^-?\d{1,15}(\.\d{1,6})?$/;

export type Scaled = bigint;

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value);
}

/** Parses a decimal string (at most 15 integer and 6 fraction digits); throws on anything else. */
export function parseDecimal(value: string): Scaled {
  if (!DECIMAL_PATTERN.test(value)) throw new Error(`not a decimal: ${value}`);
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const scaled = BigInt(whole) * FACTOR + BigInt(fraction.padEnd(DECIMAL_SCALE, '0'));
  return negative ? -scaled : scaled;
}

/** A numeric from PostgreSQL (pg returns numeric as a string, possibly with more fraction digits). */
export function fromNumeric(value: string | number | null | undefined): Scaled {
  if (value === null || value === undefined) return 0n;
  const text = typeof value === 'number' ? value.toString() : value;
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const scaled = BigInt(whole || '0') * FACTOR + BigInt(fraction.slice(0, DECIMAL_SCALE).padEnd(DECIMAL_SCALE, '0'));
  return negative ? -scaled : scaled;
}

/** Canonical text: no trailing fraction zeros, no exponent ("12.5", "3", "-0.25"). */
export function formatDecimal(value: Scaled): string {
  const negative = value < 0n;
  const absolute = negative ? -value : value;
  const whole = absolute / FACTOR;
  const fraction = (absolute % FACTOR).toString().padStart(DECIMAL_SCALE, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Normalises a numeric column value to the canonical text. */
export function numericText(value: string | number | null | undefined): string {
  return formatDecimal(fromNumeric(value));
}

export function minScaled(a: Scaled, b: Scaled): Scaled {
  return a < b ? a : b;
}

export function multiply(a: Scaled, b: Scaled): Scaled {
  return (a * b) / FACTOR;
}
