import { isUuid } from '../auth/principal';
import { assertUnreachable } from '../errors/assert-unreachable.util';
import { isTimestampText } from '../errors/date-time-text';
import { ProblemException } from '../errors/problem.exception';

/**
 * Opaque keyset cursors: base64url JSON of the last row's sort value(s) and id. A cursor comes back
 * from the caller, so it may be forged: every value is checked against the SQL type the query casts
 * it to, so a bad one answers 400 naming `cursor` instead of failing the cast in the database (a 500).
 */

/** The SQL types cursor values are cast to. */
export type CursorValueType = 'text' | 'uuid' | 'timestamptz' | 'int' | 'bigint' | 'numeric';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const INTEGER_TEXT = /^-?\d{1,18}$/;
const DECIMAL_TEXT = /^-?\d{1,30}(?:\.\d{1,30})?$/;

export function encodePageCursor(payload: Readonly<Record<string, string | number>>): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** 400 naming the `cursor` query parameter. */
export function invalidCursor(message = 'cursor is not valid'): ProblemException {
  return ProblemException.validation([{ field: 'cursor', message }]);
}

/** The cursor's JSON object, or 400 if it is not base64url JSON of an object. */
export function decodePageCursor(text: string): Readonly<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidCursor();
  return parsed as Record<string, unknown>;
}

/** Integers arrive as JSON numbers or as text (bigint values do not fit a double). */
function integerText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : undefined;
  return typeof value === 'string' && INTEGER_TEXT.test(value) ? value : undefined;
}

/** The value as text PostgreSQL casts to `type` without error, or undefined. */
function sqlText(value: unknown, type: CursorValueType): string | undefined {
  switch (type) {
    case 'text':
      // PostgreSQL text cannot hold NUL: the query would fail.
      return typeof value === 'string' && !value.includes('\u0000') ? value : undefined;
    case 'uuid':
      return isUuid(value) ? value : undefined;
    case 'timestamptz':
      // ±infinity are valid timestamptz values (work orders sort a missing due date as infinity).
      return typeof value === 'string' && (value === 'infinity' || value === '-infinity' || isTimestampText(value)) ? value : undefined;
    case 'int': {
      const text = integerText(value);
      return text !== undefined && Number(text) >= INT_MIN && Number(text) <= INT_MAX ? text : undefined;
    }
    case 'bigint':
      return integerText(value);
    case 'numeric':
      if (typeof value === 'number') return Number.isFinite(value) && DECIMAL_TEXT.test(String(value)) ? String(value) : undefined;
      return typeof value === 'string' && DECIMAL_TEXT.test(value) ? value : undefined;
    default:
      return assertUnreachable(type);
  }
}

/**
 * The named members of a decoded cursor as SQL parameter text, each checked against its type
 * (`{ at: 'timestamptz', id: 'uuid' }`); 400 naming `cursor` if any is missing or not of its type.
 */
export function cursorValues<K extends string>(payload: Readonly<Record<string, unknown>>, shape: Readonly<Record<K, CursorValueType>>): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const key of Object.keys(shape) as K[]) {
    const text = sqlText(payload[key], shape[key]);
    if (text === undefined) throw invalidCursor();
    values[key] = text;
  }
  return values;
}
