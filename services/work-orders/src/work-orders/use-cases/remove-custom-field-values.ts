import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { CustomFieldValueOwner } from '../../custom-fields/custom-field-value-owners';
import { WorkOrderChanges } from '../work-order.changes';
import { WorkOrderRepository } from '../work-order.repository';

/**
 * A deleted work-order field leaves every work order holding a value. For each that is a change
 * like any other: a new version (its ETag), a history entry and a WorkOrderUpdated, so caches and
 * consumers holding the value drop it too.
 */
@Injectable()
export class RemoveWorkOrderCustomFieldValues implements CustomFieldValueOwner {
  readonly entityType = 'work_order';

  constructor(
    @Inject(WorkOrderRepository) private readonly workOrders: WorkOrderRepository,
    @Inject(WorkOrderChanges) private readonly changes: WorkOrderChanges,
  ) {}

  async removeValues(manager: EntityManager, principal: Principal, key: string): Promise<void> {
    const workOrders = await this.workOrders.lockWithCustomField(manager, principal.tenantId, key);
    const updates = workOrders.map((workOrder) => {
      const { [key]: removed, ...kept } = workOrder.customFields;
      workOrder.customFields = kept;
      return { workOrder, changes: { [`customFields.${key}`]: { from: removed, to: null } } };
    });
    await this.changes.updated(manager, updates, principal.subject);
  }
}
