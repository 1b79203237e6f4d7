import { compareDecimals, normalizeDecimal } from '../common/decimal';
import { checklistItemProblems, isAnswered, isOutOfRange, isSameAnswer, type ChecklistAnswerState } from './checklist-rules';

describe('checklist rules', () => {
  it('compares decimal strings exactly', () => {
    expect(compareDecimals('2.5', '2.50')).toBe(0);
    expect(compareDecimals('10', '9.9999')).toBe(1);
    expect(compareDecimals('-1', '0')).toBe(-1);
    expect(compareDecimals('-0', '0')).toBe(0);
    expect(compareDecimals('-2.5', '-2.4')).toBe(-1);
    expect(compareDecimals('0.1', '0.10000001')).toBe(-1);
  });

  it('flags numbers outside their limits', () => {
    expect(isOutOfRange('5', '2', '4')).toBe(true);
    expect(isOutOfRange('1.9', '2', null)).toBe(true);
    expect(isOutOfRange('4', '2', '4')).toBe(false);
    expect(isOutOfRange('100', null, null)).toBe(false);
  });

  it('validates the cross-field rules of new items', () => {
    expect(checklistItemProblems({ label: 'x', kind: 'number', min: '5', max: '1' }, 'checklist.0')).toEqual([
      { field: 'checklist.0.max', message: 'max must not be below min' },
    ]);
    expect(checklistItemProblems({ label: 'x', kind: 'multiple_choice', options: ['a'] }, 'c').map((p) => p.field)).toEqual(['c.options']);
    expect(checklistItemProblems({ label: 'x', kind: 'meter_reading' }, 'c').map((p) => p.field)).toEqual(['c.meterId']);
    expect(checklistItemProblems({ label: 'x', kind: 'text', min: '1' }, 'c').map((p) => p.field)).toEqual(['c.min']);
    expect(checklistItemProblems({ label: 'x', kind: 'sub_task' }, 'c')).toEqual([]);
  });

  it('counts a sub-task only when done, other kinds once answered', () => {
    const blank = { done: null, numberValue: null, textValue: null, inspectionResult: null, choice: null, meterValue: null };
    expect(isAnswered({ ...blank, kind: 'sub_task', done: false })).toBe(false);
    expect(isAnswered({ ...blank, kind: 'sub_task', done: true })).toBe(true);
    expect(isAnswered({ ...blank, kind: 'inspection', inspectionResult: 'fail' })).toBe(true);
    expect(isAnswered({ ...blank, kind: 'number' })).toBe(false);
  });

  it('normalizes numeric scale', () => {
    expect(normalizeDecimal('2.5000')).toBe('2.5');
    expect(normalizeDecimal('3.0000')).toBe('3');
    expect(normalizeDecimal('10')).toBe('10');
    expect(normalizeDecimal(null)).toBeNull();
  });

  it('recognises an answer the item already holds', () => {
    const blank: ChecklistAnswerState & { note: string | null; meterReadAt: Date | null } = {
      kind: 'sub_task', done: null, numberValue: null, textValue: null, inspectionResult: null, choice: null, meterValue: null,
      note: null, meterReadAt: null,
    };
    expect(isSameAnswer(blank, { done: false })).toBe(false); // never answered: a first answer
    expect(isSameAnswer({ ...blank, done: false }, { done: false })).toBe(true);
    expect(isSameAnswer({ ...blank, kind: 'number', numberValue: '3.500' }, { value: '3.5' })).toBe(true);
    expect(isSameAnswer({ ...blank, kind: 'number', numberValue: '3.5', note: 'a' }, { value: '3.5', note: 'b' })).toBe(false);
    expect(isSameAnswer({ ...blank, kind: 'text', textValue: 'ok' }, { text: 'ok ' })).toBe(false);
    const readAt = new Date('2026-01-01T10:00:00Z');
    const reading = { ...blank, kind: 'meter_reading' as const, meterValue: '12', meterReadAt: readAt };
    expect(isSameAnswer(reading, { value: '12' })).toBe(true);
    expect(isSameAnswer(reading, { value: '12', readAt: '2026-01-01T10:00:00.000Z' })).toBe(true);
    expect(isSameAnswer(reading, { value: '12', readAt: '2026-01-01T10:05:00Z' })).toBe(false);
    expect(isSameAnswer({ ...reading, meterReadAt: null }, { value: '12', readAt: '2026-01-01T10:00:00Z' })).toBe(false);
  });
});
