import { isBeyondFutureTolerance } from './future-time-tolerance';

describe('isBeyondFutureTolerance', () => {
  const now = new Date('2026-03-01T10:00:00.000Z');
  const config = { futureTimeToleranceSeconds: 300 };

  it('accepts the past and up to the tolerance ahead, refuses beyond it', () => {
    expect(isBeyondFutureTolerance(new Date('2026-03-01T09:00:00.000Z'), config, now)).toBe(false);
    expect(isBeyondFutureTolerance(new Date('2026-03-01T10:05:00.000Z'), config, now)).toBe(false);
    expect(isBeyondFutureTolerance(new Date('2026-03-01T10:05:00.001Z'), config, now)).toBe(true);
    expect(isBeyondFutureTolerance(new Date('2026-03-01T10:00:00.001Z'), { futureTimeToleranceSeconds: 0 }, now)).toBe(true);
  });
});
