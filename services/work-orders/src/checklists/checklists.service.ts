import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { WorkOrderAccess } from '../work-orders/work-order-access';
import { WorkOrderChanges } from '../work-orders/work-order.changes';
import type { WorkOrder } from '../work-orders/work-order.entity';
import { WorkOrderException, WorkOrderExceptionCode } from '../work-orders/work-order.exception';
import { toChecklistItemDto } from './checklist.mapper';
import { ChecklistRepository, newChecklistItem } from '../work-orders/checklist.repository';
import { checklistItemProblems, MAX_CHECKLIST_ITEMS } from '../work-orders/checklist-rules';
import type { NewChecklistItemDto } from '../work-orders/dtos/checklist-item.dtos';
import type { ChecklistDto, ChecklistItemDto } from './dtos/checklist.dtos';

/** A work order's checklist: read whole, items added one by one, its options (answers: RecordChecklistAnswer). */
@Injectable()
export class ChecklistsService {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(WorkOrderAccess) private readonly access: WorkOrderAccess,
    @Inject(WorkOrderChanges) private readonly changes: WorkOrderChanges,
    @Inject(ChecklistRepository) private readonly checklists: ChecklistRepository,
  ) {}

  private async checklistOf(manager: EntityManager, workOrder: WorkOrder): Promise<ChecklistDto> {
    const items = await this.checklists.items(manager, workOrder.tenantId, workOrder.id);
    return { followUpOnFailedInspection: workOrder.followUpOnFailedInspection, items: items.map(toChecklistItemDto) };
  }

  async get(principal: Principal, id: string): Promise<ChecklistDto> {
    return this.transactions.run(principal, async (manager) => this.checklistOf(manager, await this.access.visible(manager, principal, id)));
  }

  async addItem(principal: Principal, id: string, dto: NewChecklistItemDto): Promise<ChecklistItemDto> {
    const problems = checklistItemProblems(dto, '(body)').map((problem) => ({ ...problem, field: problem.field.replace('(body).', '') }));
    if (problems.length > 0) throw ProblemException.validation(problems);
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.active(manager, principal, id);
      // The work order's row lock (taken by active) serializes concurrent additions, so the count holds.
      const { count, nextPosition } = await this.checklists.size(manager, workOrder.tenantId, workOrder.id);
      if (count >= MAX_CHECKLIST_ITEMS) {
        throw new WorkOrderException(WorkOrderExceptionCode.CHECKLIST_LIMIT_REACHED, `a checklist holds at most ${MAX_CHECKLIST_ITEMS} items; this one is full`);
      }
      const item = newChecklistItem(workOrder.tenantId, workOrder.id, nextPosition, dto);
      await this.checklists.insert(manager, [item]);
      await this.changes.activity(manager, workOrder);
      return toChecklistItemDto(await this.checklists.get(manager, workOrder.tenantId, item.id));
    });
  }

  /** The checklist's option is a field of the work order: changing it is an update like a PATCH. */
  async updateSettings(principal: Principal, id: string, followUpOnFailedInspection: boolean): Promise<ChecklistDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.active(manager, principal, id);
      const previous = workOrder.followUpOnFailedInspection;
      if (previous !== followUpOnFailedInspection) {
        workOrder.followUpOnFailedInspection = followUpOnFailedInspection;
        const changes = { followUpOnFailedInspection: { from: previous, to: followUpOnFailedInspection } };
        await this.changes.updated(manager, [{ workOrder, changes }], principal.subject);
      }
      return this.checklistOf(manager, workOrder);
    });
  }
}
