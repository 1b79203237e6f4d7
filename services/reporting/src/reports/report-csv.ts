import { csvLines } from '@mate/service-kit';
import type { KpiFigure } from '../kpis';

const iso = (ms: number): string => new Date(ms).toISOString();
const dimension = (key: Record<string, string>): string => Object.entries(key).map(([name, value]) => `${name}=${value}`).join(';');

/**
 * A figure as CSV: one line per number (the value, each count, each count of each breakdown row),
 * so a spreadsheet shows the figure next to what it was computed from.
 */
export function figureCsv(figures: readonly KpiFigure[]): string {
  const rows: unknown[][] = [['kpi', 'from', 'to', 'dimension', 'measure', 'value', 'unit', 'formula']];
  for (const figure of figures) {
    const line = (dim: string, measure: string, value: unknown): unknown[] => [figure.kpi, iso(figure.period.from), iso(figure.period.to), dim, measure, value ?? '', figure.unit, figure.formula];
    rows.push(line('', 'value', figure.value));
    for (const [measure, value] of Object.entries(figure.counts)) rows.push(line('', measure, value));
    for (const row of figure.breakdown ?? []) {
      for (const [measure, value] of Object.entries(row.counts)) rows.push(line(dimension(row.key), measure, value));
    }
  }
  return csvLines(rows);
}

export function tableCsv<T extends object>(header: readonly (keyof T & string)[], items: readonly T[]): string {
  return csvLines([header, ...items.map((item) => header.map((column) => item[column] ?? ''))]);
}
