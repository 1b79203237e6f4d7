import {
  PmChecklistItemKind,
  PmOccurrenceDueSchema,
  PmWorkPriority,
  type PmChecklistItem,
  type PmOccurrenceDue,
} from '@mate/contracts';
import { EventContext, PermanentEventError } from '@mate/messaging';
import { isUuid, ProblemException } from '@mate/service-kit';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AssetDirectory } from '../asset-directory';
import type { ChecklistItemKind } from '../checklists/checklist-item.entity';
import type { NewChecklistItem } from '../checklists/checklist-rules';
import { WorkOrderException, WorkOrdersService, type WorkOrderPriority } from '../work-orders';

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

function checklistItemOf(item: PmChecklistItem): NewChecklistItem {
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

function optionalUuid(value: string, field: string): string | null {
  if (value === '') return null;
  if (!isUuid(value)) throw new PermanentEventError(`PmOccurrenceDue.${field} is not a uuid`);
  return value;
}

/**
 * Creates the preventive work order of a PM occurrence. Exactly one per occurrence: the inbox
 * drops redeliveries of the same event, and the unique (tenant, source, occurrence id) with the
 * tenant's counter lock makes a second event for the same occurrence (another ce_id, another
 * replica, after a restart) find the existing work order instead of creating one.
 * The work order's own events (created, completed, cancelled …, with plan and occurrence id)
 * report back to the PM service.
 */
@Controller()
export class PmOccurrenceHandler {
  private readonly logger = new Logger(PmOccurrenceHandler.name);

  constructor(
    @Inject(WorkOrdersService) private readonly workOrders: WorkOrdersService,
    @Inject(AssetDirectory) private readonly assets: AssetDirectory,
  ) {}

  @EventPattern(PmOccurrenceDueSchema.typeName)
  async onOccurrenceDue(@Payload() event: PmOccurrenceDue, @Ctx() ctx: EventContext): Promise<void> {
    const { template } = event;
    if (!event.planId || !event.occurrenceId) throw new PermanentEventError('PmOccurrenceDue needs plan_id and occurrence_id');
    if (!template || !template.title.trim()) throw new PermanentEventError('PmOccurrenceDue needs a template with a title');
    const assetId = optionalUuid(template.assetId, 'template.asset_id');
    const locationId = optionalUuid(template.locationId, 'template.location_id');
    const log = { planId: event.planId, occurrenceId: event.occurrenceId, eventId: ctx.envelope.id };

    if (assetId && (await this.assets.isDecommissioned(ctx.manager, ctx.tenantId, assetId))) {
      this.logger.warn({ ...log, assetId }, 'PM occurrence for a decommissioned asset: no work order created');
      return;
    }
    try {
      const { workOrder, created } = await this.workOrders.createInTransaction(
        ctx.manager,
        ctx.tenantId,
        PM_ACTOR,
        {
          title: template.title.slice(0, 200),
          description: template.description,
          type: 'preventive',
          priority: priorityOf(template.priority),
          assetId,
          locationId,
          assigneeIds: [...new Set(template.assigneeIds.filter((id) => id.length > 0))],
          teamId: template.teamId || null,
          dueAt: event.dueAt ? timestampDate(event.dueAt) : null,
          plannedStartAt: event.plannedStartAt
            ? timestampDate(event.plannedStartAt)
            : event.occurrenceAt
              ? timestampDate(event.occurrenceAt)
              : null,
          estimatedDurationMinutes: template.estimatedDurationMinutes > 0 ? template.estimatedDurationMinutes : null,
          source: 'pm',
          sourceRef: event.occurrenceId,
          pmPlanId: event.planId,
          pmOccurrenceId: event.occurrenceId,
          checklist: template.checklistItems.map(checklistItemOf),
          followUpOnFailedInspection: template.createFollowUpOnFailedInspection,
        },
        { target: 'generated', fieldPrefix: 'template.' },
      );
      this.logger.log(
        { ...log, workOrderId: workOrder.id, number: workOrder.number },
        created ? 'preventive work order created' : 'occurrence already has its work order',
      );
    } catch (error) {
      // A template that breaks a rule will not get better by retrying.
      if (error instanceof ProblemException) {
        throw new PermanentEventError(`PmOccurrenceDue rejected: ${JSON.stringify(error.problem['errors'] ?? error.problem.detail)}`);
      }
      if (error instanceof WorkOrderException) throw new PermanentEventError(`PmOccurrenceDue rejected: ${error.message}`);
      throw error;
    }
  }
}
