import { ProblemException } from '../errors/problem.exception';
import { etagOf, VersionPrecondition } from './version-precondition';

function problemOf(action: () => unknown): ProblemException {
  try {
    action();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('ETag / If-Match', () => {
  it('writes the version as a strong ETag', () => {
    expect(etagOf(7)).toBe('"7"');
  });

  it('lets any version through without a header or with *', () => {
    for (const header of [undefined, '*', ' * ']) expect(VersionPrecondition.fromIfMatch(header).matches(42)).toBe(true);
    expect(VersionPrecondition.NONE.matches(1)).toBe(true);
  });

  it('matches the version of any tag of the list, weak or strong', () => {
    const precondition = VersionPrecondition.fromIfMatch(`, W/"1", ${etagOf(3)} ,, "x,y", `);
    expect(precondition.matches(3)).toBe(true);
    expect(precondition.matches(1)).toBe(true);
    expect(precondition.matches(2)).toBe(false);
    expect(() => VersionPrecondition.fromIfMatch(etagOf(3)).assertMatches(3)).not.toThrow();
  });

  it('answers 412 VERSION_MISMATCH naming the current ETag for a stale or foreign tag', () => {
    for (const header of ['"2"', '"abc"', '""']) {
      const problem = problemOf(() => VersionPrecondition.fromIfMatch(header).assertMatches(3));
      expect(problem.getStatus()).toBe(412);
      expect(problem.problem).toMatchObject({ type: 'urn:mate:problem:version-mismatch', code: 'VERSION_MISMATCH', status: 412 });
      expect(problem.problem.detail).toContain('"3"');
    }
  });

  it('answers 400 naming If-Match for a header that is not a list of entity-tags', () => {
    for (const header of ['', ' , ', '3', '"3', 'W/3', '"3" "4"', '"3",,x', 'abc', '"a"b"', '"3"x']) {
      const problem = problemOf(() => VersionPrecondition.fromIfMatch(header));
      expect(problem.getStatus()).toBe(400);
      expect(problem.problem.errors).toEqual([{ field: 'If-Match', message: 'must be * or a list of ETags of this resource, e.g. "3"' }]);
    }
  });
});
