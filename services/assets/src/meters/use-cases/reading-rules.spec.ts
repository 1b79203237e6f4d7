import { parseDecimal } from '../../common/decimal.util';
import type { MeterTotals } from '../meter.repository';
import { decide, meterState, placeBetween, type ReadingInput } from './reading-rules';

const totals = (overrides: Partial<MeterTotals> = {}): MeterTotals => ({
  id: 'm1',
  assetId: 'a1',
  kind: 'cumulative',
  unit: 'h',
  lastValue: parseDecimal('100'),
  lastReadAt: Date.parse('2026-01-02T00:00:00Z'),
  lifetime: parseDecimal('500'),
  count: 3,
  ...overrides,
});
const row = (value: string, readAt: string, isReset = false): ReadingInput => ({ meterId: 'm1', value, readAt: new Date(readAt), workOrderId: null, isReset });
const none = new Map();

describe('reading rules', () => {
  it('adds a later cumulative reading’s delta to the lifetime total', () => {
    expect(decide(meterState(totals()), row('130', '2026-01-03T00:00:00Z'), none)).toEqual({
      latest: { value: parseDecimal('130'), delta: parseDecimal('30'), lifetime: parseDecimal('530') },
    });
  });

  it('refuses a decreasing cumulative reading unless it is a reset, which keeps the lifetime total', () => {
    expect(decide(meterState(totals()), row('90', '2026-01-03T00:00:00Z'), none)).toEqual({ outcome: expect.objectContaining({ code: 'decreasing' }) });
    expect(decide(meterState(totals()), row('0', '2026-01-03T00:00:00Z', true), none)).toEqual({ latest: { value: 0n, delta: 0n, lifetime: parseDecimal('500') } });
  });

  it('resets only cumulative meters, and only after their latest reading', () => {
    expect(decide(meterState(totals({ kind: 'gauge' })), row('1', '2026-01-03T00:00:00Z', true), none)).toEqual({ outcome: expect.objectContaining({ code: 'reset_not_allowed' }) });
    expect(decide(meterState(totals()), row('1', '2026-01-01T00:00:00Z', true), none)).toEqual({ outcome: expect.objectContaining({ code: 'reset_not_allowed' }) });
  });

  it('answers a stored instant as a duplicate (same value) or a conflict', () => {
    const stored = new Map([[`m1@${Date.parse('2026-01-01T00:00:00Z')}`, { id: 'r1', value: parseDecimal('50') }]]);
    expect(decide(meterState(totals()), row('50', '2026-01-01T00:00:00Z'), stored)).toEqual({ outcome: { status: 'duplicate', readingId: 'r1' } });
    expect(decide(meterState(totals()), row('51', '2026-01-01T00:00:00Z'), stored)).toEqual({ outcome: expect.objectContaining({ code: 'conflict' }) });
  });

  it('sends an older reading to be placed among the stored ones', () => {
    expect(decide(meterState(totals()), row('60', '2026-01-01T12:00:00Z'), none)).toEqual({ backfill: parseDecimal('60') });
  });

  it('places a late reading between its neighbours, or refuses one that does not fit', () => {
    const previous = { id: 'p', value: parseDecimal('50'), lifetimeTotal: parseDecimal('450'), isReset: false, readAt: new Date('2026-01-01T00:00:00Z') };
    const next = { id: 'n', value: parseDecimal('100'), lifetimeTotal: parseDecimal('500'), isReset: false, readAt: new Date('2026-01-02T00:00:00Z') };
    expect(placeBetween({ kind: 'cumulative' }, '60', parseDecimal('60'), previous, next)).toEqual({
      delta: parseDecimal('10'),
      lifetime: parseDecimal('460'),
      nextDelta: parseDecimal('40'),
      lifetimeShift: null,
    });
    expect(placeBetween({ kind: 'cumulative' }, '120', parseDecimal('120'), previous, next)).toEqual({ outcome: expect.objectContaining({ code: 'decreasing' }) });
    // Before a reset: the reset and what follows carry this reading's lifetime from now on.
    const reset = { ...next, value: 0n, isReset: true };
    expect(placeBetween({ kind: 'cumulative' }, '70', parseDecimal('70'), previous, reset)).toMatchObject({ lifetime: parseDecimal('470'), nextDelta: null, lifetimeShift: parseDecimal('-30') });
  });
});
