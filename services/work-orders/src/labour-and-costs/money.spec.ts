import { multiplyToCents, roundCents } from './labour-and-costs.mapper';

describe('money arithmetic', () => {
  it('computes labour cost exactly, rounded half up to cents', () => {
    expect(roundCents(45, '45')).toBe('33.75');
    expect(roundCents(1, '10')).toBe('0.17'); // 0.1666…
    expect(roundCents(90, '33.3333')).toBe('50.00');
    expect(roundCents(0, '99')).toBe('0.00');
  });

  it('multiplies quantity by unit cost exactly', () => {
    expect(multiplyToCents('2', '12.5')).toBe('25.00');
    expect(multiplyToCents('1.5', '0.3333')).toBe('0.50');
    expect(multiplyToCents('3', '0.1')).toBe('0.30');
  });
});
