/** Decimal strings (money, quantities, readings): compared and shown exactly, never as floats. */

/** Compares two decimal strings exactly (no floating point). */
export function compareDecimals(a: string, b: string): number {
  const [signA, intA, fracA] = splitDecimal(a);
  const [signB, intB, fracB] = splitDecimal(b);
  if (signA !== signB) return isZero(intA, fracA) && isZero(intB, fracB) ? 0 : signA < signB ? -1 : 1;
  const width = Math.max(fracA.length, fracB.length);
  const left = BigInt(intA + fracA.padEnd(width, '0'));
  const right = BigInt(intB + fracB.padEnd(width, '0'));
  const magnitude = left === right ? 0 : left < right ? -1 : 1;
  return signA * magnitude;
}

function splitDecimal(value: string): [1 | -1, string, string] {
  const negative = value.startsWith('-');
  const [int, frac = ''] = (negative ? value.slice(1) : value).split('.');
  return [negative ? -1 : 1, int || '0', frac];
}

function isZero(int: string, frac: string): boolean {
  return /^0*$/.test(int) && /^0*$/.test(frac);
}

/** PostgreSQL returns numerics as written with their scale ("2.5000"): show them without trailing zeros. */
export function normalizeDecimal(value: string | null): string | null {
  if (value === null) return null;
  if (!value.includes('.')) return value;
  const trimmed = value.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}
