import type { DowntimeFact } from './kpi-facts';
import type { Period } from './kpi-period';

/**
 * One stretch of time an asset was down: overlapping (or touching) downtime records of the same
 * asset merged, so two work orders holding one machine down count one outage, once.
 */
export interface Outage {
  assetId: string;
  start: number;
  /** Null while still down. */
  end: number | null;
  downtimeIds: string[];
  workOrderIds: string[];
}

const OPEN = Number.POSITIVE_INFINITY;

/** Merges one asset's (or several assets') downtime records into outages, per asset, by start. */
export function outagesOf(downtime: readonly DowntimeFact[]): Outage[] {
  const sorted = [...downtime].sort((a, b) => (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0) || a.startedAt - b.startedAt);
  type Open = Omit<Outage, 'end'> & { until: number };
  const outages: Open[] = [];
  let current: Open | undefined;
  for (const record of sorted) {
    const until = record.endedAt ?? OPEN;
    if (current && current.assetId === record.assetId && record.startedAt <= current.until) {
      current.until = Math.max(current.until, until);
    } else {
      current = { assetId: record.assetId, start: record.startedAt, until, downtimeIds: [], workOrderIds: [] };
      outages.push(current);
    }
    current.downtimeIds.push(record.downtimeId);
    if (record.workOrderId && !current.workOrderIds.includes(record.workOrderId)) current.workOrderIds.push(record.workOrderId);
  }
  return outages.map(({ until, ...outage }) => ({ ...outage, end: until === OPEN ? null : until }));
}

/** The part of an outage inside a window, in ms (an open outage lasts until the window ends). */
export function overlapMs(outage: Outage, window: Period): number {
  const start = Math.max(outage.start, window.from);
  const end = Math.min(outage.end ?? window.to, window.to);
  return Math.max(0, end - start);
}
