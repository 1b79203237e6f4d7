import { escapeLike, isDataException, isUniqueViolation, PG_ERROR_CODES, postgresErrorCode } from './postgres-errors';

describe('PostgreSQL errors', () => {
  const pgError = { code: '23505', constraint: 'locations_sibling_code_idx' };
  // TypeORM's QueryFailedError holds pg's error as driverError.
  const wrapped = Object.assign(new Error('duplicate key'), { driverError: pgError });

  it('reads the code from a pg error and from one wrapped by TypeORM', () => {
    expect(postgresErrorCode(pgError)).toBe(PG_ERROR_CODES.UNIQUE_VIOLATION);
    expect(postgresErrorCode(wrapped)).toBe('23505');
    expect(postgresErrorCode(new Error('no code'))).toBeUndefined();
    expect(postgresErrorCode('23505')).toBeUndefined();
    expect(postgresErrorCode(null)).toBeUndefined();
  });

  it('tells a unique violation, optionally of one constraint', () => {
    expect(isUniqueViolation(pgError)).toBe(true);
    expect(isUniqueViolation(wrapped, 'locations_sibling_code_idx')).toBe(true);
    expect(isUniqueViolation(wrapped, 'another_idx')).toBe(false);
    expect(isUniqueViolation({ code: '23503', constraint: 'locations_sibling_code_idx' })).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });

  it('tells a data exception (class 22) from errors worth retrying', () => {
    expect(isDataException({ driverError: { code: '22P02' } })).toBe(true);
    expect(isDataException({ code: '22001' })).toBe(true);
    expect(isDataException({ code: '40001' })).toBe(false);
    expect(isDataException(new Error('connection lost'))).toBe(false);
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
    expect(escapeLike('plain')).toBe('plain');
  });
});
