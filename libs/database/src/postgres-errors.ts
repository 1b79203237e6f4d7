/**
 * PostgreSQL's error codes (SQLSTATE) that the services act on, and the one reader of them. An
 * error reaches the code in two shapes: pg's DatabaseError carries `code` and `constraint`, and
 * TypeORM's QueryFailedError wraps it as `driverError` (it also copies the fields, but only for
 * some versions and paths): reading both here keeps every caller from guessing.
 */
export const PG_ERROR_CODES = {
  UNIQUE_VIOLATION: '23505',
  DUPLICATE_DATABASE: '42P04',
  DUPLICATE_OBJECT: '42710',
  DEADLOCK_DETECTED: '40P01',
  LOCK_NOT_AVAILABLE: '55P03',
} as const;

/** Class 22, "data exception": a value the column cannot hold (bad text for its type, out of range, NUL in text). */
const DATA_EXCEPTION_CLASS = '22';

interface PostgresErrorFields {
  code?: string;
  constraint?: string;
}

function fieldsOf(error: unknown): PostgresErrorFields | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, constraint, driverError } = error as { code?: unknown; constraint?: unknown; driverError?: unknown };
  if (typeof code === 'string') return { code, constraint: typeof constraint === 'string' ? constraint : undefined };
  return driverError === undefined ? undefined : fieldsOf(driverError);
}

/** The SQLSTATE of a PostgreSQL error (plain pg or wrapped by TypeORM); undefined for anything else. */
export function postgresErrorCode(error: unknown): string | undefined {
  return fieldsOf(error)?.code;
}

/** A unique violation; with `constraint`, only one of that constraint or unique index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const fields = fieldsOf(error);
  if (fields?.code !== PG_ERROR_CODES.UNIQUE_VIOLATION) return false;
  return constraint === undefined || fields.constraint === constraint;
}

/**
 * A data exception depends only on the values written: retrying the same values cannot help, unlike
 * a lost connection, a deadlock, a timeout or a serialization failure.
 */
export function isDataException(error: unknown): boolean {
  return postgresErrorCode(error)?.startsWith(DATA_EXCEPTION_CLASS) ?? false;
}

/** Escapes LIKE/ILIKE wildcards (and the escape character) of user text; the pattern uses `ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
