import { etagOf, expectedVersion } from './etag';

describe('ETag / If-Match', () => {
  it('round-trips the version', () => {
    expect(expectedVersion(etagOf(7))).toBe(7);
    expect(expectedVersion('W/"12"')).toBe(12);
    expect(expectedVersion(undefined)).toBeUndefined();
    expect(expectedVersion('*')).toBeUndefined();
  });

  it('refuses a malformed header', () => {
    expect(() => expectedVersion('"abc"')).toThrow();
  });
});
