import type { AlertFact } from './kpi-facts';
import { contains, type Period } from './kpi-period';
import { uniqueSorted, type KpiBreakdownRow } from './kpi-figure';
import type { KpiFormula } from './kpi-computation';
import { openAt } from './open-work-kpis';

/** Repeats on the UTC days that start inside the period (repeats are kept by day). */
function repeatsIn(alert: AlertFact, period: Period): number {
  let sum = 0;
  for (const [day, count] of alert.repeatsByDay) if (contains(period, day)) sum += count;
  return sum;
}

function byTypeAndSeverity(alerts: readonly AlertFact[], period: Period): KpiBreakdownRow[] {
  const keys = uniqueSorted(alerts.map((alert) => `${alert.type}\u0000${alert.severity}`));
  return keys
    .map((joined) => {
      const [type = '', severity = ''] = joined.split('\u0000');
      const own = alerts.filter((alert) => alert.type === type && alert.severity === severity);
      return {
        key: { type, severity },
        counts: {
          opened: own.filter((alert) => contains(period, alert.openedAt)).length,
          repeats: own.reduce((sum, alert) => sum + repeatsIn(alert, period), 0),
          resolved: own.filter((alert) => alert.resolvedAt !== null && contains(period, alert.resolvedAt)).length,
        },
      };
    })
    .filter((row) => row.counts.opened + row.counts.repeats + row.counts.resolved > 0);
}

/**
 * Alert volume: alerts opened in the period (an alert is opened once per subject and type until
 * resolved; its repeats only count up), with the repeats, acknowledgements and resolutions in the
 * period and the alerts still open at its end, by type and severity.
 */
export const alertVolume: KpiFormula = (facts, period, asOf) => {
  const instant = openAt(period, asOf);
  const opened = facts.alerts.filter((alert) => contains(period, alert.openedAt));
  const stillOpen = facts.alerts.filter((alert) => alert.openedAt < instant && (alert.resolvedAt === null || alert.resolvedAt > instant));
  return {
    value: opened.length,
    unit: 'count',
    formula: 'alerts opened in the period (repeats of an open alert counted apart, by UTC day)',
    counts: {
      opened: opened.length,
      repeats: facts.alerts.reduce((sum, alert) => sum + repeatsIn(alert, period), 0),
      acknowledged: facts.alerts.filter((alert) => alert.acknowledgedAt !== null && contains(period, alert.acknowledgedAt)).length,
      resolved: facts.alerts.filter((alert) => alert.resolvedAt !== null && contains(period, alert.resolvedAt)).length,
      openAtEnd: stillOpen.length,
      at: new Date(instant).toISOString(),
    },
    breakdown: byTypeAndSeverity(facts.alerts, period),
    drillDown: { workOrderIds: [], downtimeIds: [], alertIds: uniqueSorted(opened.map((alert) => alert.alertId)) },
  };
};
