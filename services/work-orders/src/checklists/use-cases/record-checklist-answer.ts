import { create } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import { MeterReadingCapturedSchema } from '@mate/contracts';
import { EventOutbox, type OutboundEvent } from '@mate/messaging';
import { isBeyondFutureTolerance, SERVICE_CONFIG, TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { WorkOrdersConfig } from '../../config/work-orders.config';
import { CreateWorkOrder } from '../../work-orders/use-cases/create-work-order';
import { WorkOrderAccess } from '../../work-orders/work-order-access';
import { WorkOrderChanges } from '../../work-orders/work-order.changes';
import type { WorkOrder } from '../../work-orders/work-order.entity';
import { timestamp } from '../../work-orders/work-order.events';
import { invalidField, WorkOrderException, WorkOrderExceptionCode } from '../../work-orders/work-order.exception';
import type { ChecklistItem } from '../../work-orders/checklist-item.entity';
import { toChecklistItemDto } from '../checklist.mapper';
import { ChecklistRepository } from '../../work-orders/checklist.repository';
import { isOutOfRange, isSameAnswer } from '../../work-orders/checklist-rules';
import type { ChecklistItemDto, ChecklistResultDto } from '../dtos/checklist.dtos';

const ANSWER_FIELDS = ['done', 'value', 'text', 'result', 'choice', 'readAt'] as const;
type AnswerField = (typeof ANSWER_FIELDS)[number];

const FIELDS_BY_KIND: Record<ChecklistItem['kind'], readonly AnswerField[]> = {
  sub_task: ['done'],
  number: ['value'],
  text: ['text'],
  inspection: ['result'],
  multiple_choice: ['choice'],
  meter_reading: ['value', 'readAt'],
};
const REQUIRED_BY_KIND: Record<ChecklistItem['kind'], AnswerField> = {
  sub_task: 'done',
  number: 'value',
  text: 'text',
  inspection: 'result',
  multiple_choice: 'choice',
  meter_reading: 'value',
};

/** The answer's fields must be those of the item's kind, and a choice one of its options. */
function assertAnswerFits(item: ChecklistItem, dto: ChecklistResultDto): void {
  const allowed = FIELDS_BY_KIND[item.kind];
  const misplaced = ANSWER_FIELDS.find((field) => dto[field] !== undefined && !allowed.includes(field));
  if (misplaced) throw invalidField(misplaced, `does not apply to a ${item.kind} item`);
  const needed = REQUIRED_BY_KIND[item.kind];
  if (dto[needed] === undefined) throw invalidField(needed, `is required to answer a ${item.kind} item`);
  if (item.kind === 'multiple_choice' && (!dto.choice || !item.options.includes(dto.choice))) {
    throw invalidField('choice', `must be one of: ${item.options.join(', ')}`);
  }
}

/** Stores the answer's value on the item; true when it is a new meter reading (to publish). */
function storeValue(item: ChecklistItem, dto: ChecklistResultDto, readAt: Date): boolean {
  switch (item.kind) {
    case 'sub_task':
      item.done = dto.done ?? false;
      return false;
    case 'number':
      item.numberValue = dto.value ?? null;
      item.outOfRange = item.numberValue !== null && isOutOfRange(item.numberValue, item.minValue, item.maxValue);
      return false;
    case 'text':
      item.textValue = dto.text ?? null;
      return false;
    case 'inspection':
      item.inspectionResult = dto.result ?? null;
      return false;
    case 'multiple_choice':
      item.choice = dto.choice ?? null;
      return false;
    case 'meter_reading':
      // Only the note changed: the reading was stored and published already.
      if (isSameAnswer(item, { value: dto.value, readAt: dto.readAt })) return false;
      item.meterValue = dto.value ?? null;
      item.meterReadAt = readAt;
      item.outOfRange = item.meterValue !== null && isOutOfRange(item.meterValue, item.minValue, item.maxValue);
      return true;
  }
}

function meterReadingEvent(workOrder: WorkOrder, item: ChecklistItem, actor: string): OutboundEvent {
  return {
    schema: MeterReadingCapturedSchema,
    message: create(MeterReadingCapturedSchema, {
      meterId: item.meterId ?? '',
      assetId: workOrder.assetId ?? '',
      value: item.meterValue ?? '0',
      readAt: timestamp(item.meterReadAt),
      workOrderId: workOrder.id,
      checklistItemId: item.id,
      capturedBy: actor,
    }),
    // Readings of one meter stay in order.
    subject: item.meterId ?? workOrder.id,
    tenantId: workOrder.tenantId,
  };
}

/** A failed inspection owes a follow-up work order when the checklist asks for one and none was made yet. */
function owesFollowUp(workOrder: WorkOrder, item: ChecklistItem, result: string | null | undefined): boolean {
  return item.kind === 'inspection' && result === 'fail' && workOrder.followUpOnFailedInspection && !item.followUpWorkOrderId;
}

/**
 * `PUT /work-orders/{id}/checklist/items/{itemId}/result`: records the answer of one item. Numbers
 * outside their limits are flagged; a new meter reading is published for the assets service; a
 * failed inspection creates a corrective follow-up work order when the checklist asks for it.
 */
@Injectable()
export class RecordChecklistAnswer {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(WorkOrderAccess) private readonly access: WorkOrderAccess,
    @Inject(WorkOrderChanges) private readonly changes: WorkOrderChanges,
    @Inject(ChecklistRepository) private readonly checklists: ChecklistRepository,
    @Inject(CreateWorkOrder) private readonly createWorkOrder: CreateWorkOrder,
    @Inject(SERVICE_CONFIG) private readonly config: WorkOrdersConfig,
  ) {}

  async execute(principal: Principal, id: string, itemId: string, dto: ChecklistResultDto): Promise<ChecklistItemDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.active(manager, principal, id);
      const item = await this.checklists.lockItem(manager, workOrder.tenantId, workOrder.id, itemId);
      if (!item) throw new WorkOrderException(WorkOrderExceptionCode.ITEM_NOT_FOUND, 'checklist item not found');
      assertAnswerFits(item, dto);
      const now = new Date();
      const readAt = dto.readAt ? new Date(dto.readAt) : now;
      if (item.kind === 'meter_reading' && isBeyondFutureTolerance(readAt, this.config, now)) {
        throw invalidField('readAt', 'must not be in the future');
      }
      // What the item already holds, sent again (a retry, a form submitted twice), changes nothing:
      // no version bump (the ETag stays), no second reading published. Unless a failed inspection
      // still owes its follow-up work order (the option was turned on after it failed).
      if (isSameAnswer(item, dto) && !owesFollowUp(workOrder, item, dto.result)) return toChecklistItemDto(item);

      const newReading = storeValue(item, dto, readAt);
      item.note = dto.note ?? item.note;
      item.answeredBy = principal.subject;
      item.answeredAt = now;
      if (owesFollowUp(workOrder, item, item.inspectionResult)) {
        item.followUpWorkOrderId = await this.createFollowUp(manager, workOrder, item, principal.subject);
      }
      await this.checklists.save(manager, item);
      await this.changes.activity(manager, workOrder, { response: true });
      if (newReading) await this.outbox.append(manager, [meterReadingEvent(workOrder, item, principal.subject)]);
      return toChecklistItemDto(item);
    });
  }

  /** A corrective work order on the same asset and place, one priority step up from none or low. */
  private async createFollowUp(manager: EntityManager, workOrder: WorkOrder, item: ChecklistItem, actor: string): Promise<string> {
    const { workOrder: followUp } = await this.createWorkOrder.execute(
      manager,
      workOrder.tenantId,
      actor,
      {
        title: `Follow-up to ${workOrder.number}: ${item.label}`.slice(0, 200),
        description: [`Inspection "${item.label}" failed on ${workOrder.number}.`, item.note ?? ''].join('\n').trim(),
        type: 'corrective',
        priority: workOrder.priority === 'none' || workOrder.priority === 'low' ? 'medium' : workOrder.priority,
        assetId: workOrder.assetId,
        locationId: workOrder.locationId,
        source: 'manual',
        parentWorkOrderId: workOrder.id,
      },
      { target: 'generated' },
    );
    return followUp.id;
  }
}
