import type { CustomFieldValue, CustomFieldValues } from '@mate/service-kit';

/** The vocabulary of work orders as the REST API spells it. */
export const WORK_ORDER_TYPES = ['corrective', 'preventive', 'inspection', 'emergency', 'project'] as const;
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];

export const WORK_ORDER_PRIORITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number];

export const WORK_ORDER_STATUSES = ['open', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export const WORK_ORDER_SOURCES = ['manual', 'request', 'pm', 'connector'] as const;
export type WorkOrderSource = (typeof WORK_ORDER_SOURCES)[number];

/** Statuses in which a work order can still be worked on and edited. */
export const ACTIVE_STATUSES: readonly WorkOrderStatus[] = ['open', 'in_progress', 'on_hold'];

/** Types of reactive work: the only ones with failure codes (problem, cause, remedy). */
export const REACTIVE_TYPES: readonly WorkOrderType[] = ['corrective', 'emergency'];

/** Sort order of priorities (stored as `priority_rank`). */
export function priorityRank(priority: WorkOrderPriority): number {
  return WORK_ORDER_PRIORITIES.indexOf(priority);
}

/** `WO-000123`: six digits at least, more when a tenant passes a million. */
export function formatWorkOrderNumber(sequence: number): string {
  return `WO-${String(sequence).padStart(6, '0')}`;
}

/** Custom field values by key, as stored (checked against the tenant's definitions). */
export type CustomFields = CustomFieldValues;
/** Custom field values as submitted: `null` removes a value on update. */
export type CustomFieldsInput = Record<string, CustomFieldValue | null>;

/** A file attached elsewhere (object storage, the request portal): only its metadata is kept here. */
export interface AttachmentMetadata {
  name: string;
  url: string;
  contentType?: string;
  sizeBytes?: number;
}
