import { Inject, Injectable } from '@nestjs/common';
import { KeysetPage, mapPage, TenantTransactions, type CursorPageQuery, type Page, type Principal } from '@mate/service-kit';
import { CustomFieldsService } from '../../custom-fields/custom-fields.service';
import { LabourAndCostsRepository } from '../labour-and-costs.repository';
import type { WorkOrderDto, WorkOrderPageDto } from '../dtos/work-order.dtos';
import type { ListWorkOrdersQuery } from '../dtos/list-work-orders.query';
import { scopeOf, WorkOrderAccess } from '../work-order-access';
import type { WorkOrderComment } from '../work-order-comment.entity';
import type { WorkOrderHistoryEntry } from '../work-order-history.entity';
import { toWorkOrderDto } from '../work-order.mapper';
import { WorkOrderRepository, workOrderListOrder } from '../work-order.repository';

/** What a principal may read of work orders: one, a filtered list, a history, the comments. */
@Injectable()
export class ReadWorkOrders {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(WorkOrderAccess) private readonly access: WorkOrderAccess,
    @Inject(WorkOrderRepository) private readonly workOrders: WorkOrderRepository,
    @Inject(LabourAndCostsRepository) private readonly costs: LabourAndCostsRepository,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
  ) {}

  /** With its cost totals. */
  async get(principal: Principal, id: string): Promise<WorkOrderDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.visible(manager, principal, id);
      return { ...toWorkOrderDto(workOrder), totals: await this.costs.totals(manager, principal.tenantId, id) };
    });
  }

  async list(principal: Principal, query: ListWorkOrdersQuery): Promise<WorkOrderPageDto> {
    // Before the transaction: a forged cursor answers 400 at once.
    const page = new KeysetPage(workOrderListOrder(query.sort ?? '-createdAt'), query);
    return this.transactions.run(principal, async (manager) => {
      const customFieldFilters = await this.customFields.filters(manager, principal.tenantId, 'work_order', query.cf);
      const workOrders = await this.workOrders.page(manager, scopeOf(principal), query, customFieldFilters, page);
      const now = new Date();
      return mapPage(workOrders, (workOrder) => toWorkOrderDto(workOrder, now));
    });
  }

  /** Oldest first. */
  async history(principal: Principal, id: string, query: CursorPageQuery): Promise<Page<WorkOrderHistoryEntry>> {
    return this.transactions.run(principal, async (manager) => {
      await this.access.visible(manager, principal, id);
      return this.workOrders.historyPage(manager, principal.tenantId, id, query);
    });
  }

  async comments(principal: Principal, id: string, query: CursorPageQuery): Promise<Page<WorkOrderComment>> {
    return this.transactions.run(principal, async (manager) => {
      await this.access.visible(manager, principal, id);
      return this.workOrders.commentsPage(manager, principal.tenantId, id, query);
    });
  }
}
