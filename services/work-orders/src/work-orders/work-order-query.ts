import {
  sortOrder,
  type CustomFieldFilter,
  type KeysetOrder,
  type KeysetPage,
  type Page,
  type Principal,
  type SortKey,
} from '@mate/service-kit';
import { escapeLike } from '@mate/database';
import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { applyCustomFieldFilters } from '../custom-fields';
import type { WorkOrderSort } from './dtos/work-order.dtos';
import type { WorkOrderFilterQuery } from './dtos/list-work-orders.query';
import { seesAllWorkOrders } from './work-order-access';
import { WorkOrder } from './work-order.entity';
import { ACTIVE_STATUSES } from './work-order.model';

const SORT_KEYS: Record<Exclude<WorkOrderSort, `-${string}`>, SortKey> = {
  createdAt: { sql: 'wo.created_at', type: 'timestamptz' },
  updatedAt: { sql: 'wo.updated_at', type: 'timestamptz' },
  // Keyset comparison needs a value on every row: work orders without a due date come last.
  dueAt: { sql: `coalesce(wo.due_at, 'infinity'::timestamptz)`, type: 'timestamptz' },
  priority: { sql: 'wo.priority_rank', type: 'int' },
  number: { sql: 'wo.number_seq', type: 'bigint' },
};

/** The order of the work-order list for a `sort` parameter. */
export function workOrderOrder(sort: WorkOrderSort): KeysetOrder {
  return sortOrder(sort, SORT_KEYS, 'wo.id');
}

/**
 * The caller's visible work orders matching the filters (tenant first: RLS is the second layer).
 * `cf` filters come parsed against the tenant's definitions (CustomFieldsService.filters).
 */
export function filteredWorkOrders(
  manager: EntityManager,
  principal: Principal,
  filter: WorkOrderFilterQuery,
  customFieldFilters: readonly CustomFieldFilter[] = [],
): SelectQueryBuilder<WorkOrder> {
  const qb = manager.createQueryBuilder(WorkOrder, 'wo').where('wo.tenant_id = :tenantId', { tenantId: principal.tenantId });
  if (!seesAllWorkOrders(principal)) qb.andWhere('wo.assignee_ids @> array[:subject]::text[]', { subject: principal.subject });
  if (filter.status?.length) qb.andWhere('wo.status in (:...status)', { status: filter.status });
  if (filter.priority?.length) qb.andWhere('wo.priority in (:...priority)', { priority: filter.priority });
  if (filter.type?.length) qb.andWhere('wo.type in (:...type)', { type: filter.type });
  if (filter.source?.length) qb.andWhere('wo.source in (:...source)', { source: filter.source });
  if (filter.assetId) qb.andWhere('wo.asset_id = :assetId', { assetId: filter.assetId });
  if (filter.locationId) {
    qb.andWhere(
      new Brackets((where) =>
        where.where('wo.location_id = :locationId').orWhere(
          `wo.location_id in (select kl.location_id from known_locations kl
             where kl.tenant_id = :tenantId and kl.ancestor_ids @> array[:locationId]::uuid[])`,
        ),
      ),
      { locationId: filter.locationId },
    );
  }
  if (filter.assigneeId) qb.andWhere('wo.assignee_ids @> array[:assigneeId]::text[]', { assigneeId: filter.assigneeId });
  if (filter.dueBefore) qb.andWhere('wo.due_at < :dueBefore', { dueBefore: filter.dueBefore });
  if (filter.dueAfter) qb.andWhere('wo.due_at >= :dueAfter', { dueAfter: filter.dueAfter });
  if (filter.overdue !== undefined) {
    const overdue = `(wo.status in (:...activeStatuses) and wo.due_at < now())`;
    qb.andWhere(filter.overdue ? overdue : `not coalesce(${overdue}, false)`, { activeStatuses: [...ACTIVE_STATUSES] });
  }
  if (filter.q) {
    qb.andWhere(
      new Brackets((where) =>
        where.where('wo.number ilike :q').orWhere('wo.title ilike :q').orWhere('wo.description ilike :q'),
      ),
      { q: `%${escapeLike(filter.q)}%` },
    );
  }
  return applyCustomFieldFilters(qb, 'wo', customFieldFilters);
}

/**
 * Runs a work-order query and builds the entities straight from the rows (one property per
 * column), skipping TypeORM's generic result transformer: list pages are its hottest path.
 */
export async function fetchWorkOrders(qb: SelectQueryBuilder<WorkOrder>): Promise<WorkOrder[]> {
  return workOrdersOf(qb, await qb.select('wo.*').getRawMany());
}

/** One page of a work-order query, built as fetchWorkOrders builds them. */
export async function fetchWorkOrderPage(qb: SelectQueryBuilder<WorkOrder>, page: KeysetPage): Promise<Page<WorkOrder>> {
  const rows = await page.apply(qb.select('wo.*')).getRawMany<Record<string, unknown>>();
  return page.finish(workOrdersOf(qb, rows), rows);
}

function workOrdersOf(qb: SelectQueryBuilder<WorkOrder>, rows: ReadonlyArray<Record<string, unknown>>): WorkOrder[] {
  const columns = qb.connection.getMetadata(WorkOrder).columns;
  return rows.map((row) => {
    const workOrder = new WorkOrder();
    for (const column of columns) {
      const raw = row[column.databaseName];
      const value = column.transformer && !Array.isArray(column.transformer) ? column.transformer.from(raw) : raw;
      (workOrder as unknown as Record<string, unknown>)[column.propertyName] = value;
    }
    return workOrder;
  });
}
