import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import { assertActive, WorkOrderAccess } from '../work-order-access';
import { WorkOrderChanges } from '../work-order.changes';
import { WorkOrderComment } from '../work-order-comment.entity';
import { WorkOrderRepository } from '../work-order.repository';

/**
 * A comment on a work order the caller may change, also on completed work (not on closed or
 * cancelled). The first one is the work order's first response (MTTA).
 */
@Injectable()
export class AddComment {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(WorkOrderAccess) private readonly access: WorkOrderAccess,
    @Inject(WorkOrderRepository) private readonly workOrders: WorkOrderRepository,
    @Inject(WorkOrderChanges) private readonly changes: WorkOrderChanges,
  ) {}

  async execute(principal: Principal, id: string, body: string): Promise<WorkOrderComment> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.editable(manager, principal, id);
      if (workOrder.status === 'closed' || workOrder.status === 'cancelled') assertActive(workOrder);
      const comment = Object.assign(new WorkOrderComment(), {
        id: randomUUID(),
        tenantId: principal.tenantId,
        workOrderId: id,
        authorId: principal.subject,
        body,
        createdAt: new Date(),
      });
      await this.workOrders.insertComment(manager, comment);
      if (!workOrder.firstResponseAt) await this.changes.activity(manager, workOrder, { response: true });
      return comment;
    });
  }
}
