import type { PmOccurrenceDue } from '@mate/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransitionWorkOrder } from '../../transitions';
import type { WorkOrder } from '../../work-orders/work-order.entity';
import { WorkOrderRepository } from '../../work-orders/work-order.repository';
import { PM_ACTOR } from './create-pm-work-order';

/**
 * A PM plan with the overlap policy `replace_open` names, in `replaces_occurrence_ids`, the
 * occurrences whose open work orders the new one replaces: they are cancelled, with the reason,
 * the history and the usual events (WorkOrderStatusChanged, WorkOrderCancelled; the latter tells
 * the PM service the occurrence is closed). Idempotent: a work order already cancelled, completed
 * or closed is left as it is, so a redelivery or a second event changes nothing. Completed work is
 * never cancelled (its parts were issued).
 */
@Injectable()
export class SupersedeReplacedPmWork {
  private readonly logger = new Logger(SupersedeReplacedPmWork.name);

  constructor(
    @Inject(WorkOrderRepository) private readonly workOrders: WorkOrderRepository,
    @Inject(TransitionWorkOrder) private readonly transitions: TransitionWorkOrder,
  ) {}

  async execute(manager: EntityManager, tenantId: string, event: PmOccurrenceDue, replacement: WorkOrder): Promise<void> {
    const replaced = [...new Set(event.replacesOccurrenceIds)].filter((id) => id !== event.occurrenceId);
    const open = await this.workOrders.lockActiveForPmOccurrences(manager, tenantId, replaced);
    for (const workOrder of open.filter((candidate) => candidate.pmPlanId === event.planId)) {
      const reason = `replaced by ${replacement.number} (PM occurrence ${event.occurrenceId})`;
      await this.transitions.apply(manager, workOrder, 'cancelled', PM_ACTOR, reason);
      this.logger.log({ planId: event.planId, workOrderId: workOrder.id, replacedBy: replacement.id }, 'open preventive work order replaced');
    }
  }
}
