import { Inject, Injectable } from '@nestjs/common';
import {
  CustomFieldDefinitionsService,
  ProblemException,
  TenantTransactions,
  type CustomFieldDefinitionView,
  type NewCustomFieldDefinition,
  type Principal,
} from '@mate/service-kit';
import { EventOutbox } from '@mate/messaging';
import { In, type DeepPartial, type EntityManager } from 'typeorm';
import { updatedEvent } from '../work-orders/work-order-events';
import { WorkOrder } from '../work-orders/work-order.entity';
import { recordHistory } from '../work-orders/work-order-history.entity';
import { MAX_CUSTOM_FIELDS } from '../common/validation';
import { CustomFieldDefinition, type CustomFieldEntity } from './custom-field-definition.entity';

const ENTITY_LABELS: Record<CustomFieldEntity, string> = { work_order: 'work orders', work_request: 'work requests' };

/**
 * Tenant-defined fields of work orders and work requests (the CRUD is service-kit's). What is
 * ours: at most MAX_CUSTOM_FIELDS per entity type, who created a definition, options refused on
 * other types than enum, and what deleting a definition does to the records.
 */
@Injectable()
export class CustomFieldsService extends CustomFieldDefinitionsService<CustomFieldEntity, CustomFieldDefinition> {
  constructor(
    @Inject(TenantTransactions) transactions: TenantTransactions,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
  ) {
    super(transactions, { entity: CustomFieldDefinition, entityLabels: ENTITY_LABELS, maxPerEntityType: MAX_CUSTOM_FIELDS });
  }

  override create(principal: Principal, body: NewCustomFieldDefinition<CustomFieldEntity>): Promise<CustomFieldDefinitionView<CustomFieldEntity>> {
    if (body.type !== 'enum' && body.options !== undefined) {
      throw ProblemException.validation([{ field: 'options', message: 'options only apply to enum fields' }]);
    }
    return super.create(principal, body);
  }

  protected override extraColumns(principal: Principal): DeepPartial<CustomFieldDefinition> {
    return { createdBy: principal.subject };
  }

  /**
   * Deleting a definition removes its values from every work order or request of the tenant. For a
   * work order that is a change like any other: a new version (its ETag), a history entry and a
   * WorkOrderUpdated, so caches and consumers holding the value drop it too. Work requests have no
   * version and publish no update event: only the value goes.
   */
  protected async removeValues(manager: EntityManager, principal: Principal, definition: CustomFieldDefinition): Promise<void> {
    const { tenantId, subject: actor } = principal;
    if (definition.entityType === 'work_request') {
      await manager.query(`update work_requests set custom_fields = custom_fields - $1::text where tenant_id = $2 and custom_fields ? $1::text`, [
        definition.key,
        tenantId,
      ]);
      return;
    }
    const now = new Date();
    // A JavaScript Date, not now(): list cursors on updatedAt carry milliseconds.
    const [changed] = (await manager.query(
      // RETURNING sees the new row: the removed value comes from the row as it was (the join).
      `update work_orders w set custom_fields = w.custom_fields - $1::text, version = w.version + 1, updated_at = $3
         from work_orders before
        where w.tenant_id = $2 and w.custom_fields ? $1::text and before.id = w.id
        returning w.id, before.custom_fields -> $1::text as removed`,
      [definition.key, tenantId, now.toISOString()],
    )) as [Array<{ id: string; removed: unknown }>, number];
    if (changed.length === 0) return;
    const removed = new Map(changed.map((row) => [row.id, row.removed]));
    const field = `customFields.${definition.key}`;
    const workOrders = await manager.find(WorkOrder, { where: { tenantId, id: In(changed.map((row) => row.id)) } });
    await recordHistory(
      manager,
      workOrders.map((workOrder) => ({ tenantId, workOrderId: workOrder.id, kind: 'updated' as const, changes: { [field]: { from: removed.get(workOrder.id), to: null } }, actor, at: now })),
    );
    await this.outbox.append(manager, workOrders.map((workOrder) => updatedEvent(workOrder, [field], actor)));
  }
}
