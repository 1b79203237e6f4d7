import {
  PmChecklistItemKind,
  PmWorkPriority,
  type PmChecklistItem,
  type PmOccurrenceDue,
} from '@mate/contracts';
import { isDataException } from '@mate/database';
import { PermanentEventError } from '@mate/messaging';
import { isUuid, ProblemException } from '@mate/service-kit';
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { AssetDirectory } from '../../asset-directory';
import type { ChecklistItemKind } from '../../work-orders/checklist-item.entity';
import type { NewChecklistItem } from '../../work-orders/checklist-rules';
import { isDecimalString } from '../../common/validation';
import { CreateWorkOrder } from '../../work-orders/use-cases/create-work-order';
import { WorkOrderException } from '../../work-orders/work-order.exception';
import type { WorkOrder } from '../../work-orders/work-order.entity';
import type { NewWorkOrder } from '../../work-orders/work-order.factory';
import type { WorkOrderPriority } from '../../work-orders/work-order.model';

/** The actor of what the service does for the PM scheduling service's events. */
export const PM_ACTOR = 'system:pm-scheduling';

function priorityOf(priority: PmWorkPriority): WorkOrderPriority {
  switch (priority) {
    case PmWorkPriority.LOW:
      return 'low';
    case PmWorkPriority.MEDIUM:
      return 'medium';
    case PmWorkPriority.HIGH:
      return 'high';
    case PmWorkPriority.CRITICAL:
      return 'critical';
    default:
      return 'none';
  }
}

function kindOf(kind: PmChecklistItemKind): ChecklistItemKind {
  switch (kind) {
    case PmChecklistItemKind.NUMBER:
      return 'number';
    case PmChecklistItemKind.TEXT:
      return 'text';
    case PmChecklistItemKind.INSPECTION:
      return 'inspection';
    case PmChecklistItemKind.MULTIPLE_CHOICE:
      return 'multiple_choice';
    case PmChecklistItemKind.METER_READING:
      return 'meter_reading';
    default:
      return 'sub_task';
  }
}

/**
 * A checklist item of the template, held to the rules the HTTP API applies to its own items.
 * A value that breaks them is in the event itself, so every retry would fail alike: such an
 * event is dead-lettered at once (PermanentEventError) instead of being retried.
 */
function checklistItemOf(item: PmChecklistItem, index: number): NewChecklistItem {
  const field = `template.checklist_items[${index}]`;
  for (const [name, value] of [['min', item.min], ['max', item.max]] as const) {
    const shown = JSON.stringify(value.slice(0, 40));
    if (value !== '' && !isDecimalString(value)) {
      throw new PermanentEventError(
        `PmOccurrenceDue ${field}.${name} must be a decimal string with at most 12 digits before and 4 after the point, not ${shown}`,
      );
    }
  }
  if (item.meterId !== '' && !isUuid(item.meterId)) throw new PermanentEventError(`PmOccurrenceDue ${field}.meter_id is not a uuid`);
  return {
    label: item.label,
    kind: kindOf(item.kind),
    required: item.required,
    min: item.min || undefined,
    max: item.max || undefined,
    unit: item.unit || undefined,
    options: item.options.length > 0 ? item.options : undefined,
    meterId: item.meterId || undefined,
  };
}

/** A time of the event; one out of range (no valid date) can never be stored. */
function optionalDate(value: Timestamp | undefined, field: string): Date | null {
  if (!value) return null;
  const date = timestampDate(value);
  if (Number.isNaN(date.getTime())) throw new PermanentEventError(`PmOccurrenceDue.${field} is not a valid time`);
  return date;
}

function optionalUuid(value: string, field: string): string | null {
  if (value === '') return null;
  if (!isUuid(value)) throw new PermanentEventError(`PmOccurrenceDue.${field} is not a uuid`);
  return value;
}

/** The preventive work order an occurrence asks for, its fields checked (PermanentEventError otherwise). */
function workOrderOf(event: PmOccurrenceDue): NewWorkOrder {
  const { template } = event;
  if (!event.planId || !event.occurrenceId) throw new PermanentEventError('PmOccurrenceDue needs plan_id and occurrence_id');
  if (!template || !template.title.trim()) throw new PermanentEventError('PmOccurrenceDue needs a template with a title');
  const assetId = optionalUuid(template.assetId, 'template.asset_id');
  const locationId = optionalUuid(template.locationId, 'template.location_id');
  const dueAt = optionalDate(event.dueAt, 'due_at');
  const plannedStartAt = optionalDate(event.plannedStartAt, 'planned_start_at') ?? optionalDate(event.occurrenceAt, 'occurrence_at');
  const checklist = template.checklistItems.map(checklistItemOf);
  return {
    title: template.title.slice(0, 200),
    description: template.description,
    type: 'preventive',
    priority: priorityOf(template.priority),
    assetId,
    locationId,
    assigneeIds: [...new Set(template.assigneeIds.filter((id) => id.length > 0))],
    teamId: template.teamId || null,
    dueAt,
    plannedStartAt,
    estimatedDurationMinutes: template.estimatedDurationMinutes > 0 ? template.estimatedDurationMinutes : null,
    source: 'pm',
    sourceRef: event.occurrenceId,
    pmPlanId: event.planId,
    pmOccurrenceId: event.occurrenceId,
    pmCatchUp: event.catchUp,
    checklist,
    followUpOnFailedInspection: template.createFollowUpOnFailedInspection,
  };
}

/** A rule the template breaks, or a value the database cannot hold, will not get better by retrying. */
function permanentOrAsIs(error: unknown): unknown {
  if (error instanceof ProblemException) {
    return new PermanentEventError(`PmOccurrenceDue rejected: ${JSON.stringify(error.problem['errors'] ?? error.problem.detail)}`);
  }
  if (error instanceof WorkOrderException) return new PermanentEventError(`PmOccurrenceDue rejected: ${error.message}`);
  // A data exception (a value the column cannot hold) depends only on the event's values.
  if (error instanceof QueryFailedError && isDataException(error)) return new PermanentEventError(`PmOccurrenceDue cannot be stored: ${error.message}`);
  return error;
}

/**
 * Creates the preventive work order of a PM occurrence. Exactly one per occurrence: the inbox
 * drops redeliveries of the same event, and the unique (tenant, source, occurrence id) with the
 * tenant's counter lock makes a second event for the same occurrence (another ce_id, another
 * replica, after a restart) find the existing work order instead of creating one.
 * The work order's own events (created, completed, cancelled …, with plan and occurrence id)
 * report back to the PM service.
 */
@Injectable()
export class CreatePmWorkOrder {
  private readonly logger = new Logger(CreatePmWorkOrder.name);

  constructor(
    @Inject(CreateWorkOrder) private readonly createWorkOrder: CreateWorkOrder,
    @Inject(AssetDirectory) private readonly assets: AssetDirectory,
  ) {}

  /** Answers the occurrence's work order (created now or before), or null when none may be created. */
  async execute(manager: EntityManager, tenantId: string, event: PmOccurrenceDue, eventId: string): Promise<WorkOrder | null> {
    const input = workOrderOf(event);
    const log = { planId: event.planId, occurrenceId: event.occurrenceId, eventId };
    if (input.assetId && (await this.assets.takesNoNewWork(manager, tenantId, input.assetId))) {
      this.logger.warn({ ...log, assetId: input.assetId }, 'PM occurrence for a decommissioned or deleted asset: no work order created');
      return null;
    }
    try {
      const { workOrder, created } = await this.createWorkOrder.execute(manager, tenantId, PM_ACTOR, input, { target: 'generated', fieldPrefix: 'template.' });
      this.logger.log(
        { ...log, workOrderId: workOrder.id, number: workOrder.number },
        created ? 'preventive work order created' : 'occurrence already has its work order',
      );
      return workOrder;
    } catch (error) {
      throw permanentOrAsIs(error);
    }
  }
}
