import { AssetCriticality, WorkOrderPriority, WorkOrderStatus, WorkOrderType } from '@mate/contracts';
import type { Priority, WorkOrderStatus as StatusName, WorkType } from '../kpis';

/** The projections store the API's names of the contracts' enums; unspecified values become a default. */
const TYPES: Record<WorkOrderType, WorkType> = {
  [WorkOrderType.UNSPECIFIED]: 'corrective',
  [WorkOrderType.CORRECTIVE]: 'corrective',
  [WorkOrderType.PREVENTIVE]: 'preventive',
  [WorkOrderType.INSPECTION]: 'inspection',
  [WorkOrderType.EMERGENCY]: 'emergency',
  [WorkOrderType.PROJECT]: 'project',
};

const PRIORITIES: Record<WorkOrderPriority, Priority> = {
  [WorkOrderPriority.UNSPECIFIED]: 'none',
  [WorkOrderPriority.NONE]: 'none',
  [WorkOrderPriority.LOW]: 'low',
  [WorkOrderPriority.MEDIUM]: 'medium',
  [WorkOrderPriority.HIGH]: 'high',
  [WorkOrderPriority.CRITICAL]: 'critical',
};

const STATUSES: Record<WorkOrderStatus, StatusName> = {
  [WorkOrderStatus.UNSPECIFIED]: 'open',
  [WorkOrderStatus.OPEN]: 'open',
  [WorkOrderStatus.IN_PROGRESS]: 'in_progress',
  [WorkOrderStatus.ON_HOLD]: 'on_hold',
  [WorkOrderStatus.COMPLETED]: 'completed',
  [WorkOrderStatus.CLOSED]: 'closed',
  [WorkOrderStatus.CANCELLED]: 'cancelled',
};

const CRITICALITIES: Record<AssetCriticality, string | null> = {
  [AssetCriticality.UNSPECIFIED]: null,
  [AssetCriticality.A]: 'A',
  [AssetCriticality.B]: 'B',
  [AssetCriticality.C]: 'C',
};

export const workTypeName = (type: WorkOrderType): WorkType => TYPES[type] ?? 'corrective';
export const priorityName = (priority: WorkOrderPriority): Priority => PRIORITIES[priority] ?? 'none';
export const statusName = (status: WorkOrderStatus): StatusName => STATUSES[status] ?? 'open';
export const criticalityName = (criticality: AssetCriticality): string | null => CRITICALITIES[criticality] ?? null;
