import { create } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import { MeterReadingCapturedSchema } from '@mate/contracts';
import { EventOutbox, type OutboundEvent } from '@mate/messaging';
import {
  isBeyondFutureTolerance,
  ProblemException,
  SERVICE_CONFIG,
  TenantTransactions,
  type Principal,
} from '@mate/service-kit';
import type { WorkOrdersConfig } from '../config/work-orders.config';
import type { EntityManager } from 'typeorm';
import {
  invalidField,
  newChecklistRow,
  persistWorkOrder,
  timestamp,
  updatedEvent,
  WorkOrder,
  WorkOrderException,
  WorkOrderExceptionCode,
  recordHistory,
  WorkOrdersService,
} from '../work-orders';
import { ChecklistItem } from './checklist-item.entity';
import { checklistItemProblems, isAnswered, MAX_CHECKLIST_ITEMS, isOutOfRange, isSameAnswer, normalizeDecimal } from './checklist-rules';
import type { ChecklistDto, ChecklistItemDto, ChecklistResultDto, NewChecklistItemDto } from './dtos/checklist.dtos';

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

export function toChecklistItemDto(item: ChecklistItem): ChecklistItemDto {
  return {
    id: item.id,
    position: item.position,
    label: item.label,
    kind: item.kind,
    required: item.required,
    min: normalizeDecimal(item.minValue),
    max: normalizeDecimal(item.maxValue),
    unit: item.unit,
    options: item.options,
    meterId: item.meterId,
    answered: isAnswered(item),
    done: item.done,
    value: normalizeDecimal(item.kind === 'meter_reading' ? item.meterValue : item.numberValue),
    text: item.textValue,
    result: item.inspectionResult,
    choice: item.choice,
    outOfRange: item.outOfRange,
    note: item.note,
    answeredBy: item.answeredBy,
    answeredAt: item.answeredAt?.toISOString() ?? null,
    followUpWorkOrderId: item.followUpWorkOrderId,
  };
}

@Injectable()
export class ChecklistsService {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(WorkOrdersService) private readonly workOrders: WorkOrdersService,
    @Inject(SERVICE_CONFIG) private readonly config: WorkOrdersConfig,
  ) {}

  private items(manager: EntityManager, workOrder: WorkOrder): Promise<ChecklistItem[]> {
    return manager.find(ChecklistItem, {
      where: { tenantId: workOrder.tenantId, workOrderId: workOrder.id },
      order: { position: 'ASC' },
    });
  }

  async get(principal: Principal, id: string): Promise<ChecklistDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.workOrders.loadVisible(manager, principal, id);
      const items = await this.items(manager, workOrder);
      return { followUpOnFailedInspection: workOrder.followUpOnFailedInspection, items: items.map(toChecklistItemDto) };
    });
  }

  async addItem(principal: Principal, id: string, dto: NewChecklistItemDto): Promise<ChecklistItemDto> {
    const problems = checklistItemProblems(dto, '(body)').map((problem) => ({ ...problem, field: problem.field.replace('(body).', '') }));
    if (problems.length > 0) throw ProblemException.validation(problems);
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.workOrders.loadEditable(manager, principal, id);
      this.workOrders.assertActive(workOrder);
      // The work order's row lock (loadEditable) serializes concurrent additions, so the count holds.
      const [{ next, count }]: Array<{ next: number; count: string }> = await manager.query(
        `select coalesce(max(position), 0) + 1 as next, count(*) as count from checklist_items where tenant_id = $1 and work_order_id = $2`,
        [workOrder.tenantId, workOrder.id],
      );
      if (Number(count) >= MAX_CHECKLIST_ITEMS) {
        throw new WorkOrderException(
          WorkOrderExceptionCode.CHECKLIST_LIMIT_REACHED,
          `a checklist holds at most ${MAX_CHECKLIST_ITEMS} items; this one is full`,
        );
      }
      const row = newChecklistRow(workOrder.tenantId, workOrder.id, Number(next), dto);
      await manager.insert(ChecklistItem, row);
      await this.workOrders.touch(manager, workOrder);
      return toChecklistItemDto(await manager.findOneByOrFail(ChecklistItem, { id: row.id, tenantId: workOrder.tenantId }));
    });
  }

  async updateSettings(principal: Principal, id: string, followUpOnFailedInspection: boolean): Promise<ChecklistDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.workOrders.loadEditable(manager, principal, id);
      this.workOrders.assertActive(workOrder);
      if (workOrder.followUpOnFailedInspection !== followUpOnFailedInspection) {
        const previous = workOrder.followUpOnFailedInspection;
        workOrder.followUpOnFailedInspection = followUpOnFailedInspection;
        workOrder.version += 1;
        workOrder.updatedAt = new Date();
        await persistWorkOrder(manager, workOrder);
        await recordHistory(manager, [{
          tenantId: workOrder.tenantId,
          workOrderId: workOrder.id,
          kind: 'updated',
          changes: { followUpOnFailedInspection: { from: previous, to: followUpOnFailedInspection } },
          actor: principal.subject,
          at: workOrder.updatedAt,
        }]);
        await this.outbox.append(manager, [updatedEvent(workOrder, ['followUpOnFailedInspection'], principal.subject)]);
      }
      const items = await this.items(manager, workOrder);
      return { followUpOnFailedInspection: workOrder.followUpOnFailedInspection, items: items.map(toChecklistItemDto) };
    });
  }

  async recordResult(principal: Principal, id: string, itemId: string, dto: ChecklistResultDto): Promise<ChecklistItemDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.workOrders.loadEditable(manager, principal, id);
      this.workOrders.assertActive(workOrder);
      const item = await manager.findOne(ChecklistItem, {
        where: { id: itemId, tenantId: workOrder.tenantId, workOrderId: workOrder.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!item) throw new WorkOrderException(WorkOrderExceptionCode.ITEM_NOT_FOUND, 'checklist item not found');

      const allowed = FIELDS_BY_KIND[item.kind];
      const misplaced = ANSWER_FIELDS.find((field) => dto[field] !== undefined && !allowed.includes(field));
      if (misplaced) throw invalidField(misplaced, `does not apply to a ${item.kind} item`);
      const needed = REQUIRED_BY_KIND[item.kind];
      if (dto[needed] === undefined) throw invalidField(needed, `is required to answer a ${item.kind} item`);
      if (item.kind === 'multiple_choice' && (!dto.choice || !item.options.includes(dto.choice))) {
        throw invalidField('choice', `must be one of: ${item.options.join(', ')}`);
      }
      const now = new Date();
      const readAt = dto.readAt ? new Date(dto.readAt) : now;
      if (item.kind === 'meter_reading' && isBeyondFutureTolerance(readAt, this.config, now)) {
        throw invalidField('readAt', 'must not be in the future');
      }
      // What the item already holds, sent again (a retry, a form submitted twice), changes nothing:
      // no version bump (the ETag stays), no second reading published. Unless a failed inspection
      // still owes its follow-up work order (the option was turned on after it failed).
      const followUpOwed =
        item.kind === 'inspection' && dto.result === 'fail' && workOrder.followUpOnFailedInspection && !item.followUpWorkOrderId;
      if (isSameAnswer(item, dto) && !followUpOwed) return toChecklistItemDto(item);

      const events: OutboundEvent[] = [];
      switch (item.kind) {
        case 'sub_task':
          item.done = dto.done ?? false;
          break;
        case 'number':
          item.numberValue = dto.value ?? null;
          item.outOfRange = item.numberValue !== null && isOutOfRange(item.numberValue, item.minValue, item.maxValue);
          break;
        case 'text':
          item.textValue = dto.text ?? null;
          break;
        case 'inspection':
          item.inspectionResult = dto.result ?? null;
          break;
        case 'multiple_choice':
          item.choice = dto.choice ?? null;
          break;
        case 'meter_reading': {
          // Only the note changed: the reading was stored and published already.
          if (isSameAnswer(item, { value: dto.value, readAt: dto.readAt })) break;
          item.meterValue = dto.value ?? null;
          item.meterReadAt = readAt;
          item.outOfRange = item.meterValue !== null && isOutOfRange(item.meterValue, item.minValue, item.maxValue);
          events.push({
            schema: MeterReadingCapturedSchema,
            message: create(MeterReadingCapturedSchema, {
              meterId: item.meterId ?? '',
              assetId: workOrder.assetId ?? '',
              value: dto.value ?? '0',
              readAt: timestamp(readAt),
              workOrderId: workOrder.id,
              checklistItemId: item.id,
              capturedBy: principal.subject,
            }),
            // Readings of one meter stay in order.
            subject: item.meterId ?? workOrder.id,
            tenantId: workOrder.tenantId,
          });
          break;
        }
      }
      item.note = dto.note ?? item.note;
      item.answeredBy = principal.subject;
      item.answeredAt = now;

      if (item.kind === 'inspection' && item.inspectionResult === 'fail' && workOrder.followUpOnFailedInspection && !item.followUpWorkOrderId) {
        const { workOrder: followUp } = await this.workOrders.createInTransaction(
          manager,
          workOrder.tenantId,
          principal.subject,
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
        item.followUpWorkOrderId = followUp.id;
      }
      const { id: _id, tenantId: _tenant, ...columns } = item;
      await manager.update(ChecklistItem, { id: item.id, tenantId: item.tenantId }, columns);
      await this.workOrders.touch(manager, workOrder, { response: true });
      if (events.length > 0) await this.outbox.append(manager, events);
      return toChecklistItemDto(item);
    });
  }
}
