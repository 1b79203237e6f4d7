import { Inject, Injectable } from '@nestjs/common';
import { PartsReservationRequestedSchema } from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import { normalizeDecimal } from '../common/decimal';
import { isAssigned } from './work-order.changes';
import type { WorkOrder } from './work-order.entity';
import { timestamp, workOrderEvent } from './work-order.events';
import { LabourAndCostsRepository } from './labour-and-costs.repository';

/**
 * The full set of parts still to be issued on an assigned work order, for the assets service to
 * reserve. Lines issued by an earlier completion (a reopened work order) are left out: their stock
 * is already gone, and reserving it again would hold stock nobody will take.
 */
@Injectable()
export class PartsReservation {
  constructor(@Inject(LabourAndCostsRepository) private readonly lines: LabourAndCostsRepository) {}

  /** Undefined when there is nothing to ask (not assigned, or no parts and none asked for before). */
  async eventFor(manager: EntityManager, workOrder: WorkOrder, actor: string, options: { evenWhenEmpty?: boolean } = {}): Promise<OutboundEvent | undefined> {
    if (!isAssigned(workOrder)) return undefined;
    const lines = await this.lines.unissuedParts(manager, workOrder.tenantId, workOrder.id);
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
}
