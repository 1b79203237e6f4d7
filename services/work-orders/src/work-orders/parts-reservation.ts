import { PartsReservationRequestedSchema } from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import { IsNull, type EntityManager } from 'typeorm';
import { PartLine } from '../labour-and-costs/labour-and-costs.entities';
import { timestamp, workOrderEvent } from './work-order-events';
import type { WorkOrder } from './work-order.entity';
import { normalizeDecimal } from '../checklists/checklist-rules';

export function isAssigned(workOrder: Pick<WorkOrder, 'assigneeIds' | 'teamId'>): boolean {
  return workOrder.assigneeIds.length > 0 || workOrder.teamId !== null;
}

/**
 * The full set of parts still to be issued on an assigned work order, for the assets service to
 * reserve. Lines issued by an earlier completion (a reopened work order) are left out: their stock
 * is already gone, and reserving it again would hold stock nobody will take.
 * Undefined when there is nothing to ask (not assigned, or no parts and none asked for before).
 */
export async function partsReservationEvent(
  manager: EntityManager,
  workOrder: WorkOrder,
  actor: string,
  options: { evenWhenEmpty?: boolean } = {},
): Promise<OutboundEvent | undefined> {
  if (!isAssigned(workOrder)) return undefined;
  const lines = await manager.find(PartLine, {
    where: { tenantId: workOrder.tenantId, workOrderId: workOrder.id, issuedAt: IsNull() },
    order: { createdAt: 'ASC' },
  });
  if (lines.length === 0 && !options.evenWhenEmpty) return undefined;
  return workOrderEvent(workOrder, PartsReservationRequestedSchema, {
    workOrderId: workOrder.id,
    number: workOrder.number,
    lines: lines.map((line) => ({
      lineId: line.id,
      partId: line.partId,
      storeroomId: line.storeroomId,
      quantity: normalizeDecimal(line.quantity) ?? '0',
    })),
    assetId: workOrder.assetId ?? '',
    requestedBy: actor,
    neededBy: timestamp(workOrder.plannedStartAt ?? workOrder.dueAt),
  });
}
