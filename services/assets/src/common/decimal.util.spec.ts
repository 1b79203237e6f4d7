import { formatDecimal, fromNumeric, isDecimalString, multiply, parseDecimal } from './decimal.util';

describe('decimal util', () => {
  it('round-trips decimal strings exactly', () => {
    for (const text of ['0', '12.5', '-0.25', '999999999999999.999999', '3']) {
      expect(formatDecimal(parseDecimal(text))).toBe(text);
    }
    expect(formatDecimal(parseDecimal('1.500000'))).toBe('1.5');
  });

  it('adds without floating-point error', () => {
    expect(formatDecimal(parseDecimal('0.1') + parseDecimal('0.2'))).toBe('0.3');
  });

  it('reads PostgreSQL numerics', () => {
    expect(formatDecimal(fromNumeric('10.500000'))).toBe('10.5');
    expect(formatDecimal(fromNumeric(null))).toBe('0');
  });

  it('multiplies', () => {
    expect(formatDecimal(multiply(parseDecimal('2.5'), parseDecimal('4.2')))).toBe('10.5');
  });

  it('rejects what is not a plain decimal', () => {
    for (const bad of ['1e3', '', ' 1', '1.2345678', 'NaN', '1,5']) expect(isDecimalString(bad)).toBe(false);
    expect(() => parseDecimal('abc')).toThrow();
  });
});
