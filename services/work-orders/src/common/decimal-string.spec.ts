import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsDecimalString, isDecimalString } from './validation';

describe('decimal strings', () => {
  it('keeps the old limits by default: 12 digits before and 4 after the point, signed', () => {
    expect(isDecimalString('-123456789012.1234')).toBe(true);
    expect(isDecimalString('1234567890123')).toBe(false);
    expect(isDecimalString('1.12345')).toBe(false);
    expect(isDecimalString('0')).toBe(true);
  });

  it('takes the limits of a numeric(p, s) column', () => {
    const quantity = { integerDigits: 11, fractionDigits: 3, positive: true };
    expect(isDecimalString('99999999999.999', quantity)).toBe(true);
    expect(isDecimalString('100000000000', quantity)).toBe(false); // 12 digits: beyond numeric(14, 3)
    expect(isDecimalString('0.001', quantity)).toBe(true);
    expect(isDecimalString('0.0004', quantity)).toBe(false); // would round to 0.000
    expect(isDecimalString('1.2345', quantity)).toBe(false);
    const rate = { integerDigits: 10, fractionDigits: 2, nonNegative: true };
    expect(isDecimalString('9999999999.99', rate)).toBe(true);
    expect(isDecimalString('10000000000', rate)).toBe(false);
    expect(isDecimalString('45.005', rate)).toBe(false);
    expect(isDecimalString('12', { integerDigits: 3, fractionDigits: 0 })).toBe(true);
    expect(isDecimalString('12.0', { integerDigits: 3, fractionDigits: 0 })).toBe(false);
  });

  it('refuses signs, zero where positive, and malformed or non-string values', () => {
    expect(isDecimalString('-1', { nonNegative: true })).toBe(false);
    expect(isDecimalString('0', { nonNegative: true })).toBe(true);
    for (const zero of ['0', '0.000', '000', '-1']) expect(isDecimalString(zero, { positive: true })).toBe(false);
    expect(isDecimalString('0.5', { positive: true })).toBe(true);
    for (const bad of ['', '.5', '5.', '1e3', ' 1', '1,5', '+1', 12, null, undefined]) expect(isDecimalString(bad)).toBe(false);
  });

  it('names the property and its limits in the message', () => {
    class Line {
      @IsDecimalString({ integerDigits: 11, fractionDigits: 3, positive: true })
      quantity!: string;
    }
    const [error] = validateSync(plainToInstance(Line, { quantity: '0.0004' }));
    expect(error.property).toBe('quantity');
    expect(Object.values(error.constraints ?? {})).toEqual([
      'quantity must be a positive decimal string with at most 11 digits before and 3 after the point, e.g. "12.50"',
    ]);
    expect(validateSync(plainToInstance(Line, { quantity: '2.5' }))).toEqual([]);
  });
});
