import { ProblemException } from '@mate/service-kit';
import { assertIfMatch, etagOf } from './etag';

describe('If-Match', () => {
  it('passes without a header, with *, and with the current tag (weak or strong)', () => {
    expect(() => assertIfMatch(undefined, 3)).not.toThrow();
    expect(() => assertIfMatch('*', 3)).not.toThrow();
    expect(() => assertIfMatch(etagOf(3), 3)).not.toThrow();
    expect(() => assertIfMatch(`W/"1", ${etagOf(3)}`, 3)).not.toThrow();
  });

  it('answers 412 for a stale tag', () => {
    try {
      assertIfMatch('"2"', 3);
      throw new Error('expected a 412');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).getStatus()).toBe(412);
    }
  });
});
