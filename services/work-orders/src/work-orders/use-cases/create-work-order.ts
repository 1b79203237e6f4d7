import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, TenantTransactions, type FieldError, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { AssetDirectory } from '../../asset-directory';
import { ChecklistRepository, newChecklistItem } from '../checklist.repository';
import { checklistItemProblems, MAX_CHECKLIST_ITEMS } from '../checklist-rules';
import { CustomFieldsService } from '../../custom-fields/custom-fields.service';
import type { CreateWorkOrderDto, WorkOrderDto } from '../dtos/work-order.dtos';
import { WorkOrderChanges } from '../work-order.changes';
import type { WorkOrder } from '../work-order.entity';
import { newWorkOrder, type NewWorkOrder } from '../work-order.factory';
import { toWorkOrderDto } from '../work-order.mapper';
import { formatWorkOrderNumber, REACTIVE_TYPES } from '../work-order.model';
import { WorkOrderRepository } from '../work-order.repository';

export interface CreateOptions {
  /**
   * `strict` (people, imports): the asset must be known and in service, the location known.
   * `generated` (PM occurrences, follow-ups, rows an import checked already): the read model may
   * lag behind the producer, so an unknown asset is accepted; the caller has already refused
   * decommissioned ones.
   */
  target: 'strict' | 'generated';
  /** Field names for problems, e.g. `template.checklist` for a PM template. */
  fieldPrefix?: string;
}

export interface CreateResult {
  workOrder: WorkOrder;
  /** False when the source reference already had its work order (a redelivery). */
  created: boolean;
}

function dateOrNull(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}

/**
 * Creates a work order, whatever its source, inside the caller's transaction: with its checklist,
 * history entry and events. With a source reference it is idempotent: the existing work order is
 * returned.
 */
@Injectable()
export class CreateWorkOrder {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(WorkOrderRepository) private readonly workOrders: WorkOrderRepository,
    @Inject(WorkOrderChanges) private readonly changes: WorkOrderChanges,
    @Inject(ChecklistRepository) private readonly checklists: ChecklistRepository,
    @Inject(AssetDirectory) private readonly assets: AssetDirectory,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
  ) {}

  /** `POST /work-orders`: a person's work order, its custom fields checked against the tenant's definitions. */
  async fromApi(principal: Principal, dto: CreateWorkOrderDto): Promise<WorkOrderDto> {
    return this.transactions.run(principal, async (manager) => {
      const definitions = await this.customFields.definitions(manager, principal.tenantId, 'work_order');
      const customFields = this.customFields.merge(definitions, 'work_order', dto.customFields);
      const input: NewWorkOrder = {
        ...dto,
        dueAt: dateOrNull(dto.dueAt),
        plannedStartAt: dateOrNull(dto.plannedStartAt),
        source: dto.source ?? 'manual',
        customFields: customFields.values,
      };
      // Every field problem in one answer: the rules of the input and those of the tenant's fields.
      const problems = [...this.inputProblems(input), ...customFields.errors];
      if (problems.length > 0) throw ProblemException.validation(problems);
      const { workOrder } = await this.execute(manager, principal.tenantId, principal.subject, input, { target: 'strict' });
      return toWorkOrderDto(workOrder);
    });
  }

  /** Field-level problems of a new work order that the DTO decorators cannot see. */
  inputProblems(input: Pick<NewWorkOrder, 'type' | 'failureCodes' | 'checklist'>, prefix = ''): FieldError[] {
    const problems: FieldError[] = [];
    if (input.failureCodes && !REACTIVE_TYPES.includes(input.type)) {
      problems.push({ field: `${prefix}failureCodes`, message: 'failure codes apply to corrective and emergency work only' });
    }
    // The DTO bounds the API's checklists; this also holds PM templates to the bound.
    if ((input.checklist?.length ?? 0) > MAX_CHECKLIST_ITEMS) {
      problems.push({ field: `${prefix}checklist`, message: `must contain no more than ${MAX_CHECKLIST_ITEMS} elements` });
    }
    (input.checklist ?? []).forEach((item, index) => problems.push(...checklistItemProblems(item, `${prefix}checklist.${index}`)));
    return problems;
  }

  async execute(manager: EntityManager, tenantId: string, actor: string, input: NewWorkOrder, options: CreateOptions): Promise<CreateResult> {
    const prefix = options.fieldPrefix ?? '';
    const problems = this.inputProblems(input, prefix);
    if (problems.length > 0) throw ProblemException.validation(problems);

    const sourceRef = input.sourceRef ?? null;
    if (sourceRef) {
      const existing = await this.workOrders.findBySource(manager, tenantId, input.source, sourceRef);
      if (existing) return { workOrder: existing, created: false };
    }
    const target = await this.targetOf(manager, tenantId, input, options);
    const workOrder = newWorkOrder(tenantId, actor, input, target, new Date());
    if (sourceRef) {
      // From here until commit the tenant's counter row is locked.
      const sequence = await this.workOrders.reserveNumber(manager, tenantId);
      // A concurrent creator of the same reference held the lock before us and has committed.
      const existing = await this.workOrders.findBySource(manager, tenantId, input.source, sourceRef);
      if (existing) {
        await this.workOrders.releaseNumber(manager, tenantId);
        return { workOrder: existing, created: false };
      }
      workOrder.numberSeq = sequence;
      workOrder.number = formatWorkOrderNumber(sequence);
    }
    await this.changes.created(manager, workOrder, actor, { assignNumber: !sourceRef });
    await this.checklists.insert(
      manager,
      (input.checklist ?? []).map((item, index) => newChecklistItem(tenantId, workOrder.id, index + 1, item)),
    );
    return { workOrder, created: true };
  }

  private async targetOf(manager: EntityManager, tenantId: string, input: NewWorkOrder, options: CreateOptions) {
    const prefix = options.fieldPrefix ?? '';
    const target = { assetId: input.assetId ?? null, locationId: input.locationId ?? null };
    if (options.target === 'strict') {
      return this.assets.resolveForNewWork(manager, tenantId, target, { asset: `${prefix}assetId`, location: `${prefix}locationId` });
    }
    if (target.assetId && !target.locationId) target.locationId = await this.assets.locationOfAsset(manager, tenantId, target.assetId);
    return target;
  }
}
