import type { AlertSeverity, AssetFact, DowntimeFact, ReportingFacts, WorkOrderFact, WorkType } from './kpi-facts';

/** What a figure is narrowed to; an absent field does not narrow. */
export interface KpiFilters {
  /** A location and its whole subtree. */
  locationId?: string;
  assetIds?: readonly string[];
  categories?: readonly string[];
  criticalities?: readonly string[];
  workTypes?: readonly WorkType[];
  /** Connection health: the connections to these systems (maximo, sap …). */
  systems?: readonly string[];
  /** Alert volume: alerts of these severities. */
  severities?: readonly AlertSeverity[];
  /** Alert volume: alerts of these types (e.g. connection.reauth_required). */
  alertTypes?: readonly string[];
}

export type FilterName = keyof KpiFilters;

/** The filters of the maintenance KPIs (work orders, downtime and assets). */
export const MAINTENANCE_FILTERS: readonly FilterName[] = ['locationId', 'assetIds', 'categories', 'criticalities', 'workTypes'];
export const CONNECTION_FILTERS: readonly FilterName[] = ['systems'];
export const ALERT_FILTERS: readonly FilterName[] = ['severities', 'alertTypes'];

function assetMatches(asset: AssetFact, filters: KpiFilters): boolean {
  if (filters.assetIds && !filters.assetIds.includes(asset.assetId)) return false;
  if (filters.locationId && !asset.locationPathIds.includes(filters.locationId)) return false;
  if (filters.categories && !filters.categories.includes(asset.category ?? '')) return false;
  if (filters.criticalities && !filters.criticalities.includes(asset.criticality ?? '')) return false;
  return true;
}

function assetFiltered(filters: KpiFilters): boolean {
  return Boolean(filters.assetIds || filters.categories || filters.criticalities);
}

function workOrderMatches(
  workOrder: WorkOrderFact,
  filters: KpiFilters,
  assetsById: ReadonlyMap<string, AssetFact>,
): boolean {
  if (filters.workTypes && !filters.workTypes.includes(workOrder.type)) return false;
  if (filters.locationId && !workOrder.locationPathIds.includes(filters.locationId)) return false;
  if (!assetFiltered(filters)) return true;
  const asset = workOrder.assetId ? assetsById.get(workOrder.assetId) : undefined;
  // Asset filters ask about an asset's attributes: work on no (known) asset cannot match them.
  return asset !== undefined && assetMatches({ ...asset, locationPathIds: workOrder.locationPathIds }, filters);
}

/**
 * The facts a figure is computed from. Downtime follows its asset; with a work-type filter it also
 * needs a work order of that type (downtime recorded without a work order has no type).
 */
export function applyFilters(facts: ReportingFacts, filters: KpiFilters): ReportingFacts {
  const assets = facts.assets.filter((asset) => assetMatches(asset, filters));
  const allAssetsById = new Map(facts.assets.map((asset) => [asset.assetId, asset]));
  const keptAssetIds = new Set(assets.map((asset) => asset.assetId));
  const workOrders = facts.workOrders.filter((workOrder) => workOrderMatches(workOrder, filters, allAssetsById));
  const typeById = new Map(facts.workOrders.map((workOrder) => [workOrder.workOrderId, workOrder.type]));
  const downtimeMatches = (downtime: DowntimeFact): boolean => {
    if (!keptAssetIds.has(downtime.assetId)) return false;
    if (!filters.workTypes) return true;
    const type = downtime.workOrderId ? typeById.get(downtime.workOrderId) : undefined;
    return type !== undefined && filters.workTypes.includes(type);
  };
  return {
    assets,
    workOrders,
    downtime: facts.downtime.filter(downtimeMatches),
    connectionStates: facts.connectionStates.filter((interval) => !filters.systems || filters.systems.includes(interval.system)),
    alerts: facts.alerts.filter(
      (alert) => (!filters.severities || filters.severities.includes(alert.severity)) && (!filters.alertTypes || filters.alertTypes.includes(alert.type)),
    ),
  };
}
