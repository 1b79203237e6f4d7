import { ProblemException } from '@mate/service-kit';
import { kpiNamed, periodOf } from './report-query';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemException) return (error.problem as { errors?: { field: string }[] }).errors?.[0]?.field;
    throw error;
  }
  return undefined;
}

describe('report queries', () => {
  it('refuses an unknown KPI naming kpi', () => {
    expect(fieldOf(() => kpiNamed('mttx'))).toBe('kpi');
    expect(kpiNamed('mttr')).toBe('mttr');
    expect(fieldOf(() => kpiNamed('toString'))).toBe('kpi');
  });

  it('refuses a period that ends before it starts, or is longer than 366 days, naming to', () => {
    expect(fieldOf(() => periodOf({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }))).toBe('to');
    expect(fieldOf(() => periodOf({ from: '2026-03-02T00:00:00Z', to: '2026-03-02T00:00:00Z' }))).toBe('to');
    expect(fieldOf(() => periodOf({ from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' }))).toBe('to');
    expect(periodOf({ from: '2025-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }).to).toBe(Date.parse('2026-01-02T00:00:00Z'));
  });
});
