import { Inject, Injectable, Logger } from '@nestjs/common';
import { WorkOrderOverdueSchema } from '@mate/contracts';
import { withTenantTransaction } from '@mate/database';
import { EventOutbox } from '@mate/messaging';
import { SERVICE_CONFIG } from '@mate/service-kit';
import { DataSource } from 'typeorm';
import type { WorkOrdersConfig } from '../config/work-orders.config';
import { priorityToProto, referenceFields, statusToProto, timestamp, typeToProto, workOrderEvent } from '../work-orders/work-order.events';
import { WorkOrderRepository } from '../work-orders/work-order.repository';

/**
 * Publishes WorkOrderOverdue once per due date for active work orders past it. The marker
 * column `overdue_notified_due_at` remembers the due date that was announced, so a moved due date
 * that passes again is announced again. Several replicas may scan at once: each locks the rows it
 * takes with FOR UPDATE SKIP LOCKED, and a row announced by another replica no longer matches.
 * The job queue runs it periodically (OverdueScanJob).
 */
@Injectable()
export class OverdueScanner {
  private readonly logger = new Logger(OverdueScanner.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(SERVICE_CONFIG) private readonly config: WorkOrdersConfig,
    @Inject(WorkOrderRepository) private readonly workOrders: WorkOrderRepository,
  ) {}

  /** One pass over every tenant; returns how many work orders were announced overdue. */
  async scan(now = new Date()): Promise<number> {
    const tenants = await this.workOrders.tenantIds(this.dataSource.manager);
    let announced = 0;
    for (const tenantId of tenants) {
      for (;;) {
        const count = await this.scanTenant(tenantId, now);
        announced += count;
        if (count < this.config.extra.OVERDUE_SCAN_BATCH) break;
      }
    }
    if (announced > 0) this.logger.log({ announced }, 'work orders announced overdue');
    return announced;
  }

  private scanTenant(tenantId: string, now: Date): Promise<number> {
    return withTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const due = await this.workOrders.lockOverdueUnannounced(manager, tenantId, now, this.config.extra.OVERDUE_SCAN_BATCH);
      if (due.length === 0) return 0;
      await this.workOrders.markOverdueAnnounced(manager, tenantId, due.map((wo) => wo.id));
      await this.outbox.append(
        manager,
        due.map((workOrder) =>
          workOrderEvent(workOrder, WorkOrderOverdueSchema, {
            ...referenceFields(workOrder),
            dueAt: timestamp(workOrder.dueAt),
            detectedAt: timestamp(now),
            status: statusToProto(workOrder.status),
            priority: priorityToProto(workOrder.priority),
            type: typeToProto(workOrder.type),
            locationId: workOrder.locationId ?? '',
            assigneeIds: workOrder.assigneeIds,
            teamId: workOrder.teamId ?? '',
          }),
        ),
      );
      return due.length;
    });
  }
}
