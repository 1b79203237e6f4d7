import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox, type OutboundEvent } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import { assignedEvent, createdEvent, updatedEvent } from './work-order.events';
import type { WorkOrder } from './work-order.entity';
import { WorkOrderRepository, type FieldChanges, type HistoryRecord } from './work-order.repository';
import type { WorkOrderStatus } from './work-order.model';

/** A history entry recorded beside the main one of a change (same work order, actor and time). */
export type RelatedHistory = Omit<HistoryRecord, 'tenantId' | 'workOrderId' | 'actor' | 'at'>;

export interface FieldUpdate {
  workOrder: WorkOrder;
  /** What changed, by API field name: the `updated` history entry and WorkOrderUpdated.changed_fields. */
  changes: FieldChanges;
}

export function isAssigned(workOrder: Pick<WorkOrder, 'assigneeIds' | 'teamId'>): boolean {
  return workOrder.assigneeIds.length > 0 || workOrder.teamId !== null;
}

/**
 * The one place that records a change of a work order: its new version and update time, the row
 * written, the history entry naming the actor, and the events, all in the caller's transaction.
 * Every feature that changes a work order (PATCH, transitions, checklists, labour and costs,
 * comments, asset moves, custom-field deletions, creation) goes through it, so none can forget one
 * of them. The caller has applied the new values to the entity (and holds its row lock).
 */
@Injectable()
export class WorkOrderChanges {
  constructor(
    @Inject(WorkOrderRepository) private readonly workOrders: WorkOrderRepository,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
  ) {}

  /**
   * A new work order: inserted with its `created` history entry (and, without `number`, the
   * tenant's next number), then WorkOrderCreated and, when it is assigned, WorkOrderAssigned.
   */
  async created(manager: EntityManager, workOrder: WorkOrder, actor: string, options: { assignNumber: boolean }): Promise<void> {
    await this.workOrders.insert(manager, workOrder, { actor, at: workOrder.createdAt }, options);
    const events: OutboundEvent[] = [createdEvent(workOrder, actor)];
    if (isAssigned(workOrder)) events.push(assignedEvent(workOrder, { assigneeIds: [], teamId: null }, actor));
    await this.outbox.append(manager, events);
  }

  /**
   * Changes of work orders' own fields: each a new version, an `updated` history entry and a
   * WorkOrderUpdated. `related` (with one update) adds the entries and events that follow from it:
   * an assignment's `assigned` entry, WorkOrderAssigned and the parts to reserve.
   */
  async updated(
    manager: EntityManager,
    updates: readonly FieldUpdate[],
    actor: string,
    options: { at?: Date; related?: { history: RelatedHistory[]; events: OutboundEvent[] } } = {},
  ): Promise<void> {
    if (updates.length === 0) return;
    const at = options.at ?? new Date();
    const history: HistoryRecord[] = [];
    for (const { workOrder, changes } of updates) {
      this.nextVersion(workOrder, at);
      await this.workOrders.save(manager, workOrder);
      history.push({ ...this.entryOf(workOrder, actor, at), kind: 'updated', changes });
      for (const related of options.related?.history ?? []) history.push({ ...this.entryOf(workOrder, actor, at), ...related });
    }
    await this.workOrders.appendHistory(manager, history);
    const events = updates.map(({ workOrder, changes }) => updatedEvent(workOrder, Object.keys(changes), actor));
    await this.outbox.append(manager, [...events, ...(options.related?.events ?? [])]);
  }

  /** A status change: a new version, a `transition` history entry, and the events of the transition. */
  async transitioned(
    manager: EntityManager,
    workOrder: WorkOrder,
    transition: { from: WorkOrderStatus; reason: string | null; actor: string; at: Date },
    events: readonly OutboundEvent[],
  ): Promise<void> {
    this.nextVersion(workOrder, transition.at);
    await this.workOrders.save(manager, workOrder);
    await this.workOrders.appendHistory(manager, [
      {
        ...this.entryOf(workOrder, transition.actor, transition.at),
        kind: 'transition',
        fromStatus: transition.from,
        toStatus: workOrder.status,
        reason: transition.reason,
      },
    ]);
    await this.outbox.append(manager, events);
  }

  /**
   * Work recorded on the work order's lists (checklist, labour, parts, costs, comments): a new
   * version (its ETag moves) and, for a `response`, the first response time (MTTA). No history entry
   * or WorkOrderUpdated: the lists are not fields of the work order.
   */
  async activity(manager: EntityManager, workOrder: WorkOrder, options: { response?: boolean } = {}): Promise<void> {
    const now = new Date();
    this.nextVersion(workOrder, now);
    if (options.response && !workOrder.firstResponseAt) workOrder.firstResponseAt = now;
    await this.workOrders.saveActivity(manager, workOrder);
  }

  private nextVersion(workOrder: WorkOrder, at: Date): void {
    workOrder.version += 1;
    workOrder.updatedAt = at;
  }

  private entryOf(workOrder: WorkOrder, actor: string, at: Date): Omit<HistoryRecord, 'kind'> {
    return { tenantId: workOrder.tenantId, workOrderId: workOrder.id, actor, at };
  }
}
