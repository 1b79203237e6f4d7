import { outagesOf, overlapMs, type Outage } from './downtime-intervals';
import type { AssetFact, ReportingFacts } from './kpi-facts';
import { contains, type Period } from './kpi-period';
import { hours, ratio, uniqueSorted, type KpiDrillDown } from './kpi-figure';
import type { KpiComputation } from './kpi-computation';

function drillDownOf(outages: readonly Outage[]): KpiDrillDown {
  return {
    workOrderIds: uniqueSorted(outages.flatMap((outage) => outage.workOrderIds)),
    downtimeIds: uniqueSorted(outages.flatMap((outage) => outage.downtimeIds)),
  };
}

/** The time an asset was in service during the period: the window uptime and downtime share. */
function serviceWindow(asset: AssetFact, period: Period): Period | null {
  const from = Math.max(period.from, asset.inServiceFrom);
  const to = Math.min(period.to, asset.inServiceUntil ?? period.to);
  return to > from ? { from, to } : null;
}

/**
 * MTTR (SMRP): repair time from equipment stop to restored ÷ number of repairs. A repair is an
 * unplanned outage (overlapping records of one asset merged) restored within the period; it counts
 * whole, also the part before the period (a repair spanning midnight counts on the day it ends).
 */
export function mttr(facts: ReportingFacts, period: Period): KpiComputation {
  const outages = outagesOf(facts.downtime.filter((record) => !record.planned));
  const repairs = outages.filter((outage) => outage.end !== null && contains(period, outage.end));
  const repairMs = repairs.reduce((sum, outage) => sum + ((outage.end ?? outage.start) - outage.start), 0);
  const stillDown = outages.filter((outage) => outage.end === null && outage.start < period.to).length;
  return {
    value: ratio(hours(repairMs), repairs.length),
    unit: 'hours',
    formula: 'sum(restored_at - stopped_at) of unplanned outages restored in the period / number of those repairs',
    counts: { repairHours: hours(repairMs), repairs: repairs.length, stillDown },
    drillDown: drillDownOf(repairs),
  };
}

interface TimeSplit {
  serviceMs: number;
  downMs: number;
  unplannedMs: number;
  outages: Outage[];
}

/** Per asset in scope: service time in the period, all downtime merged, and the unplanned part of it. */
function splitTime(facts: ReportingFacts, period: Period): TimeSplit {
  const all = outagesOf(facts.downtime);
  const unplanned = outagesOf(facts.downtime.filter((record) => !record.planned));
  const split: TimeSplit = { serviceMs: 0, downMs: 0, unplannedMs: 0, outages: [] };
  for (const asset of facts.assets) {
    const window = serviceWindow(asset, period);
    if (!window) continue;
    split.serviceMs += window.to - window.from;
    for (const outage of all.filter((o) => o.assetId === asset.assetId)) {
      const ms = overlapMs(outage, window);
      split.downMs += ms;
      if (ms > 0) split.outages.push(outage);
    }
    for (const outage of unplanned.filter((o) => o.assetId === asset.assetId)) split.unplannedMs += overlapMs(outage, window);
  }
  return split;
}

/**
 * Availability: uptime ÷ (uptime + downtime) over the assets' time in service in the period.
 * Downtime is merged per asset before it is counted; time both planned and unplanned counts as
 * unplanned (the failure is what stopped the machine).
 */
export function availability(facts: ReportingFacts, period: Period): KpiComputation {
  const split = splitTime(facts, period);
  const plannedMs = split.downMs - split.unplannedMs;
  return {
    value: ratio(split.serviceMs - split.downMs, split.serviceMs),
    unit: 'ratio',
    formula: 'uptime / (uptime + planned downtime + unplanned downtime), overlapping downtime merged per asset',
    counts: {
      assets: facts.assets.length,
      serviceHours: hours(split.serviceMs),
      uptimeHours: hours(split.serviceMs - split.downMs),
      plannedDowntimeHours: hours(plannedMs),
      unplannedDowntimeHours: hours(split.unplannedMs),
      availabilityExcludingPlanned: ratio(split.serviceMs - split.unplannedMs, split.serviceMs) ?? '',
    },
    drillDown: drillDownOf(split.outages),
  };
}

/**
 * MTBF: operating (up) time ÷ number of failures over the period. A failure is an unplanned outage
 * that starts in the period; up time excludes planned and unplanned downtime.
 */
export function mtbf(facts: ReportingFacts, period: Period): KpiComputation {
  const split = splitTime(facts, period);
  const inScope = new Set(facts.assets.map((asset) => asset.assetId));
  const failures = outagesOf(facts.downtime.filter((record) => !record.planned)).filter(
    (outage) => inScope.has(outage.assetId) && contains(period, outage.start),
  );
  const uptimeMs = split.serviceMs - split.downMs;
  return {
    value: ratio(hours(uptimeMs), failures.length),
    unit: 'hours',
    formula: 'operating hours of the assets in the period / number of unplanned outages starting in the period',
    counts: { operatingHours: hours(uptimeMs), failures: failures.length, assets: facts.assets.length },
    drillDown: drillDownOf(failures),
  };
}
