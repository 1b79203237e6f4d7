import { arrayLiteral } from './array-literal';

describe('arrayLiteral', () => {
  it('joins uuids, timestamps, decimals and booleans bare; NULL for null', () => {
    expect(arrayLiteral(['0190b6a4-7a3e-7c1f-9d3e-1a2b3c4d5e6f', '2026-11-28T09:00:00.000Z', '-12.5', true, false, null])).toBe(
      '{0190b6a4-7a3e-7c1f-9d3e-1a2b3c4d5e6f,2026-11-28T09:00:00.000Z,-12.5,t,f,NULL}',
    );
  });

  it('quotes and escapes what array input would misread', () => {
    expect(arrayLiteral(['a,b', 'say "hi"', 'back\\slash', '{x}', '', ' padded ', 'null', 'NULL'])).toBe(
      '{"a,b","say \\"hi\\"","back\\\\slash","{x}",""," padded ","null","NULL"}',
    );
  });

  it('is an empty literal for no values', () => {
    expect(arrayLiteral([])).toBe('{}');
  });
});
