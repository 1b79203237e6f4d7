import { randomUUID } from 'node:crypto';
import type { NewChecklistItem } from './checklist-rules';
import { WorkOrder } from './work-order.entity';
import { priorityRank, type AttachmentMetadata, type CustomFields, type WorkOrderPriority, type WorkOrderSource, type WorkOrderType } from './work-order.model';

/** What any source (people, imports, requests, PM occurrences, follow-ups) gives for a new work order. */
export interface NewWorkOrder {
  title: string;
  description?: string;
  type: WorkOrderType;
  priority?: WorkOrderPriority;
  assetId?: string | null;
  locationId?: string | null;
  assigneeIds?: string[];
  teamId?: string | null;
  requesterId?: string | null;
  dueAt?: Date | null;
  plannedStartAt?: Date | null;
  estimatedDurationMinutes?: number | null;
  failureCodes?: { problem?: string | null; cause?: string | null; remedy?: string | null } | null;
  source: WorkOrderSource;
  sourceRef?: string | null;
  pmPlanId?: string | null;
  pmOccurrenceId?: string | null;
  /** Generated for a missed PM occurrence (PmOccurrenceDue.catch_up). */
  pmCatchUp?: boolean;
  requestId?: string | null;
  parentWorkOrderId?: string | null;
  /** Values already checked against the tenant's definitions (see CustomFieldsService). */
  customFields?: CustomFields;
  attachments?: AttachmentMetadata[];
  checklist?: NewChecklistItem[];
  followUpOnFailedInspection?: boolean;
}

/**
 * A new open work order at version 1 with every default in one place; `target` is where the work
 * is (already resolved against the asset read model). Its number is given when it is inserted.
 */
export function newWorkOrder(
  tenantId: string,
  actor: string,
  input: NewWorkOrder,
  target: { assetId: string | null; locationId: string | null },
  now: Date,
): WorkOrder {
  const priority = input.priority ?? 'none';
  return Object.assign(new WorkOrder(), {
    id: randomUUID(),
    tenantId,
    title: input.title,
    description: input.description ?? '',
    type: input.type,
    priority,
    priorityRank: priorityRank(priority),
    status: 'open',
    assetId: target.assetId,
    locationId: target.locationId,
    assigneeIds: input.assigneeIds ?? [],
    teamId: input.teamId ?? null,
    requesterId: input.requesterId ?? null,
    dueAt: input.dueAt ?? null,
    plannedStartAt: input.plannedStartAt ?? null,
    estimatedDurationMinutes: input.estimatedDurationMinutes ?? null,
    failureProblem: input.failureCodes?.problem ?? null,
    failureCause: input.failureCodes?.cause ?? null,
    failureRemedy: input.failureCodes?.remedy ?? null,
    source: input.source,
    sourceRef: input.sourceRef ?? null,
    pmPlanId: input.pmPlanId ?? null,
    pmOccurrenceId: input.pmOccurrenceId ?? null,
    pmCatchUp: input.pmCatchUp ?? false,
    requestId: input.requestId ?? null,
    parentWorkOrderId: input.parentWorkOrderId ?? null,
    customFields: input.customFields ?? {},
    attachments: input.attachments ?? [],
    downtimeStartedAt: null,
    downtimeEndedAt: null,
    downtimePlanned: false,
    followUpOnFailedInspection: input.followUpOnFailedInspection ?? false,
    version: 1,
    createdBy: actor,
    createdAt: now,
    updatedAt: now,
    firstResponseAt: null,
    startedAt: null,
    completedAt: null,
    completedBy: null,
    completionCount: 0,
    closedAt: null,
    cancelledAt: null,
    statusReason: null,
    overdueNotifiedDueAt: null,
  } satisfies Omit<WorkOrder, 'numberSeq' | 'number'>);
}
