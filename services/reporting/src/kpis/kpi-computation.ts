import type { KpiFigure } from './kpi-figure';
import type { ReportingFacts } from './kpi-facts';
import type { Period } from './kpi-period';

/** What one KPI's formula yields; the catalogue adds its name, period and filters. */
export type KpiComputation = Omit<KpiFigure, 'kpi' | 'period' | 'filters'>;

/** What the events do not carry and the deployment configures. */
export interface KpiSettings {
  /** Hours of maintenance work the crew can do in a week: backlog in crew-weeks = hours ÷ this. */
  crewHoursPerWeek: number;
}

export const DEFAULT_KPI_SETTINGS: KpiSettings = { crewHoursPerWeek: 160 };

/**
 * One KPI over filtered facts. `asOf` is the instant the answer is for: open work is counted as of
 * then (or as of the period's end, when that is earlier), and PM still inside its grace is pending.
 */
export type KpiFormula = (facts: ReportingFacts, period: Period, asOf: number, settings: KpiSettings) => KpiComputation;
