import { validate } from 'class-validator';
import { isCalendarDate, isDateTime, isTimestampText } from './date-time-text';
import { IsCalendarDate, IsDateTime } from './is-date-time';

describe('date and timestamp texts', () => {
  it('accepts calendar dates of real days only', () => {
    for (const text of ['2026-01-31', '2024-02-29', '2000-02-29', '0001-01-01']) expect(isCalendarDate(text)).toBe(true);
    for (const text of ['2026-W05-3', '2026-W05', '2026-123', '2026-02-30', '2023-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '0000-01-01', '2026', '2026-01', '20260131', '2026-01-31T00:00:00Z']) {
      expect(isCalendarDate(text)).toBe(false);
    }
  });

  it('accepts RFC 3339 date-times with their offset, and nothing Date cannot read', () => {
    for (const text of ['2026-01-31T14:30:00Z', '2026-01-31T14:30:00.123Z', '2026-01-31T14:30:00.123456789+05:30', '2026-01-31t14:30:00z', '2024-02-29T23:59:59-08:00', '2026-01-31T10:00:00+15:59']) {
      expect(isDateTime(text)).toBe(true);
    }
    for (const text of [
      '2026-W05-3',
      '2026-W05-3T10:00:00Z',
      '2026-123',
      '2026-123T10:00:00Z',
      '2026-01-31',
      '2026-01-31T14:30:00',
      '2026-01-31T14:30Z',
      '2026-02-30T10:00:00Z',
      '2026-01-31T24:00:00Z',
      '2026-01-31T10:00:60Z',
      '2026-01-31T10:00:00,5Z',
      '20260131T100000Z',
      '2026-01-31 14:30:00Z',
      '2026-01-31T10:00:00+24:00',
      '2026-01-31T10:00:00-16:00',
      '0000-01-01T00:00:00Z',
    ]) {
      expect(isDateTime(text)).toBe(false);
    }
  });

  it('reads the cursor forms of a timestamp: toISOString and PostgreSQL text', () => {
    for (const text of ['2026-01-31T14:30:00.123Z', '2026-01-31 14:30:00.123456+00', '2026-01-31 14:30:00+05:30', '1890-01-01 00:00:00+00:53:28']) {
      expect(isTimestampText(text)).toBe(true);
    }
    for (const text of ['1', '2026-02-30T00:00:00Z', 'Tue March 3 2026', '2026-W05-3', '2026-01-31', '2026-01-31T10:00:00+99']) expect(isTimestampText(text)).toBe(false);
  });
});

class Dto {
  @IsCalendarDate() day!: unknown;
  @IsDateTime() at!: unknown;
}

describe('IsCalendarDate and IsDateTime', () => {
  async function failing(day: unknown, at: unknown): Promise<Record<string, string[]>> {
    const dto = Object.assign(new Dto(), { day, at });
    const errors = await validate(dto);
    return Object.fromEntries(errors.map((error) => [error.property, Object.values(error.constraints ?? {})]));
  }

  it('name the field', async () => {
    expect(await failing('2026-W05-3', '2026-123T10:00:00Z')).toEqual({
      day: ['day must be a date YYYY-MM-DD, e.g. 2026-01-31'],
      at: ['at must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T14:30:00Z'],
    });
    expect(await failing(20260131, null)).toEqual({ day: [expect.any(String)], at: [expect.any(String)] });
    expect(await failing('2026-01-31', '2026-01-31T10:00:00Z')).toEqual({});
  });
});
