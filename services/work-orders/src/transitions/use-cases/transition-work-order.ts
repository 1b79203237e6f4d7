import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { ChecklistRepository } from '../../work-orders/checklist.repository';
import { isAnswered } from '../../work-orders/checklist-rules';
import { completionDetails, type CompletionDetails } from '../../labour-and-costs/completion-details';
import { LabourAndCostsRepository } from '../../work-orders/labour-and-costs.repository';
import type { WorkOrderDto } from '../../work-orders/dtos/work-order.dtos';
import { isAssignee, WorkOrderAccess } from '../../work-orders/work-order-access';
import { WorkOrderChanges } from '../../work-orders/work-order.changes';
import type { WorkOrder } from '../../work-orders/work-order.entity';
import { illegalTransition, invalidField, ruleViolation, WorkOrderException, WorkOrderExceptionCode } from '../../work-orders/work-order.exception';
import { toWorkOrderDto } from '../../work-orders/work-order.mapper';
import type { WorkOrderStatus } from '../../work-orders/work-order.model';
import { transitionEvents } from '../transition.events';
import { allowedTransitions, isAllowedTransition, isReopen, mayTransition, reasonRequired } from '../work-order-state-machine';

/** Sets what a status brings (start, completion, closing … times) on the work order moving to `to`. */
function enterStatus(workOrder: WorkOrder, from: WorkOrderStatus, to: WorkOrderStatus, actor: string, reason: string | undefined, now: Date): void {
  workOrder.status = to;
  workOrder.statusReason = reason ?? null;
  if (to === 'in_progress') {
    workOrder.startedAt ??= now;
    workOrder.firstResponseAt ??= now;
  }
  if (isReopen(from, to)) {
    workOrder.completedAt = null;
    workOrder.completedBy = null;
  }
  if (to === 'completed') {
    workOrder.completedAt = now;
    workOrder.completedBy = actor;
    workOrder.completionCount += 1;
  }
  if (to === 'closed') workOrder.closedAt = now;
  if (to === 'cancelled') workOrder.cancelledAt = now;
  // Completed and cancelled work is over: downtime it still holds open ends now (a cancelled
  // work order is locked, so it could never be ended later).
  if ((to === 'completed' || to === 'cancelled') && workOrder.downtimeStartedAt && !workOrder.downtimeEndedAt) {
    workOrder.downtimeEndedAt = now;
  }
}

/** `POST /work-orders/{id}/transitions`: moves a work order along its state machine. */
@Injectable()
export class TransitionWorkOrder {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(WorkOrderAccess) private readonly access: WorkOrderAccess,
    @Inject(WorkOrderChanges) private readonly changes: WorkOrderChanges,
    @Inject(ChecklistRepository) private readonly checklists: ChecklistRepository,
    @Inject(LabourAndCostsRepository) private readonly costs: LabourAndCostsRepository,
  ) {}

  async execute(principal: Principal, id: string, to: WorkOrderStatus, reason: string | undefined): Promise<WorkOrderDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.visible(manager, principal, id, { lock: true });
      const trimmedReason = reason?.trim() || undefined;
      this.assertAllowed(principal, workOrder, to, trimmedReason);
      if (to === 'completed') await this.assertChecklistDone(manager, workOrder);

      const now = await this.apply(manager, workOrder, to, principal.subject, trimmedReason);
      return toWorkOrderDto(workOrder, now);
    });
  }

  /**
   * Moves a work order the caller has checked and holds locked: its status, the work it ends, the
   * history and the events. Also how the service itself cancels work (a PM occurrence replacing
   * an open one). Answers the transition's time.
   */
  async apply(manager: EntityManager, workOrder: WorkOrder, to: WorkOrderStatus, actor: string, reason: string | undefined): Promise<Date> {
    const from = workOrder.status;
    if (!isAllowedTransition(from, to)) throw illegalTransition(from, to, allowedTransitions(from));
    const now = new Date();
    enterStatus(workOrder, from, to, actor, reason, now);
    const completion = await this.endWork(manager, workOrder, now);
    const events = transitionEvents(workOrder, from, actor, now, completion);
    await this.changes.transitioned(manager, workOrder, { from, reason: reason ?? null, actor, at: now }, events);
    return now;
  }

  private assertAllowed(principal: Principal, workOrder: WorkOrder, to: WorkOrderStatus, reason: string | undefined): void {
    const from = workOrder.status;
    if (!isAllowedTransition(from, to)) throw illegalTransition(from, to, allowedTransitions(from));
    if (!mayTransition(principal.roles, isAssignee(workOrder, principal), from, to)) {
      throw new WorkOrderException(
        WorkOrderExceptionCode.FORBIDDEN,
        isReopen(from, to) || to === 'closed' || to === 'cancelled'
          ? `only planners and admins may move a work order from ${from} to ${to}`
          : 'only the assigned technicians, planners and admins may work on this work order',
      );
    }
    if (reasonRequired(from, to) && !reason) throw invalidField('reason', `a reason is required to go from ${from} to ${to}`);
  }

  private async assertChecklistDone(manager: EntityManager, workOrder: WorkOrder): Promise<void> {
    const required = await this.checklists.required(manager, workOrder.tenantId, workOrder.id);
    const missing = required.filter((item) => !isAnswered(item));
    if (missing.length > 0) {
      throw ruleViolation(WorkOrderExceptionCode.CHECKLIST_INCOMPLETE, `${missing.length} required checklist item(s) are not done`, {
        items: missing.map((item) => ({ id: item.id, label: item.label })),
      });
    }
  }

  /**
   * Completion issues the part lines not issued yet and stops running timers, cancellation stops
   * them too; a completion answers what its event reports (labour, parts, costs).
   */
  private async endWork(manager: EntityManager, workOrder: WorkOrder, now: Date): Promise<CompletionDetails | undefined> {
    const { tenantId, id, status } = workOrder;
    if (status === 'completed') await this.costs.markPartsIssued(manager, tenantId, id, now);
    if (status === 'completed' || status === 'cancelled') await this.costs.stopRunningTimers(manager, tenantId, id, now);
    if (status !== 'completed') return undefined;
    return completionDetails(await this.costs.completionRows(manager, tenantId, id), await this.costs.totals(manager, tenantId, id));
  }
}
