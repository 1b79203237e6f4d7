import { ProblemException } from '../errors/problem.exception';
import { cursorValues, decodePageCursor, encodePageCursor, type CursorValueType } from './cursor';

const ID = '0b9f6c7e-2a55-4bb1-9d1c-8c3f1f5b9a10';
const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

function problemOf(action: () => unknown): ProblemException {
  try {
    action();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('cursors', () => {
  it('round-trips what encodePageCursor wrote', () => {
    const payload = decodePageCursor(encodePageCursor({ k: '-createdAt', v: '2026-01-31T10:00:00.123Z', id: ID }));
    expect(cursorValues(payload, { v: 'timestamptz', id: 'uuid' })).toEqual({ v: '2026-01-31T10:00:00.123Z', id: ID });
    expect(cursorValues(decodePageCursor(encodePageCursor({ v: 7 })), { v: 'int' })).toEqual({ v: '7' });
  });

  it('answers 400 naming cursor for text that is not base64url JSON of an object', () => {
    for (const text of ['not a cursor!', '%%%', forge(null), forge([1, 2]), forge('text'), forge(5), Buffer.from('{"a":').toString('base64url')]) {
      const problem = problemOf(() => decodePageCursor(text));
      expect(problem.getStatus()).toBe(400);
      expect(problem.problem.errors).toEqual([{ field: 'cursor', message: 'cursor is not valid' }]);
    }
  });

  it('refuses values their SQL cast would fail on', () => {
    const cases: Array<[CursorValueType, unknown]> = [
      ['uuid', 'not-a-uuid'],
      ['uuid', '------------------------------------'],
      ['uuid', 5],
      ['text', 'a\u0000b'],
      ['text', 5],
      ['timestamptz', '1'],
      ['timestamptz', '2026-02-30T00:00:00Z'],
      ['timestamptz', 'Tue March 3 2026'],
      ['timestamptz', 12],
      ['int', 2147483648],
      ['int', 1.5],
      ['int', 1e21],
      ['int', '12abc'],
      ['bigint', 2 ** 60],
      ['bigint', '1e5'],
      ['numeric', 'NaN'],
      ['numeric', Infinity],
      ['numeric', '1;drop'],
      ['uuid', undefined],
    ];
    for (const [type, value] of cases) {
      const problem = problemOf(() => cursorValues({ v: value }, { v: type }));
      expect(problem.problem.errors).toEqual([{ field: 'cursor', message: 'cursor is not valid' }]);
    }
  });

  it('keeps values their SQL cast reads', () => {
    expect(cursorValues({ a: 'infinity', b: '-5', c: '123456789012345678', d: '12.50', e: 2147483647, f: 'x y' }, { a: 'timestamptz', b: 'int', c: 'bigint', d: 'numeric', e: 'int', f: 'text' })).toEqual({
      a: 'infinity',
      b: '-5',
      c: '123456789012345678',
      d: '12.50',
      e: '2147483647',
      f: 'x y',
    });
  });
});
