import {
  cursorValues,
  decodePageCursor,
  encodePageCursor,
  invalidCursor,
  type CustomFieldFilter,
  type Principal,
} from '@mate/service-kit';
import { escapeLike } from '@mate/database';
import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { applyCustomFieldFilters } from '../custom-fields';
import type { WorkOrderSort } from './dtos/work-order.dtos';
import type { WorkOrderFilterQuery } from './dtos/list-work-orders.query';
import { seesAllWorkOrders } from './work-order-access';
import { WorkOrder } from './work-order.entity';
import { ACTIVE_STATUSES } from './work-order.model';

interface SortSpec {
  /** SQL expression of the sort key (never null, so keyset comparison works). */
  expression: string;
  cast: 'timestamptz' | 'int' | 'bigint';
  valueOf(workOrder: WorkOrder): string | number;
}

const SORT_KEYS: Record<string, SortSpec> = {
  createdAt: { expression: 'wo.created_at', cast: 'timestamptz', valueOf: (wo) => wo.createdAt.toISOString() },
  updatedAt: { expression: 'wo.updated_at', cast: 'timestamptz', valueOf: (wo) => wo.updatedAt.toISOString() },
  dueAt: {
    expression: `coalesce(wo.due_at, 'infinity'::timestamptz)`,
    cast: 'timestamptz',
    valueOf: (wo) => wo.dueAt?.toISOString() ?? 'infinity',
  },
  priority: { expression: 'wo.priority_rank', cast: 'int', valueOf: (wo) => wo.priorityRank },
  number: { expression: 'wo.number_seq', cast: 'bigint', valueOf: (wo) => wo.numberSeq },
};

/** The decoded cursor's values as SQL parameter text. */
export interface PageCursor {
  value: string;
  id: string;
}

function parseSort(sort: WorkOrderSort): { spec: SortSpec; descending: boolean } {
  const descending = sort.startsWith('-');
  return { spec: SORT_KEYS[descending ? sort.slice(1) : sort], descending };
}

/** Where a page ended: the sort it was made for (`s`), the last row's sort value (`v`) and id (`i`). */
export function encodeCursor(sort: WorkOrderSort, last: WorkOrder): string {
  return encodePageCursor({ s: sort, v: parseSort(sort).spec.valueOf(last), i: last.id });
}

/**
 * The caller's cursor, checked so that the query's casts cannot fail: a forged or garbled one
 * answers 400 naming `cursor` (it used to reach PostgreSQL, e.g. `2026-02-30` or `1` as a time: a 500).
 */
export function decodeCursor(sort: WorkOrderSort, text: string): PageCursor {
  const payload = decodePageCursor(text);
  if (payload.s !== sort) throw invalidCursor('cursor was made for another sort order; keep the sort of the first page');
  const { v, i } = cursorValues(payload, { v: parseSort(sort).spec.cast, i: 'uuid' });
  return { value: v, id: i };
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

/** Keyset pagination: stable under inserts, no OFFSET scans. */
export function applyPage(qb: SelectQueryBuilder<WorkOrder>, sort: WorkOrderSort, limit: number, cursor?: PageCursor): SelectQueryBuilder<WorkOrder> {
  const { spec, descending } = parseSort(sort);
  const direction = descending ? 'DESC' : 'ASC';
  if (cursor) {
    qb.andWhere(`(${spec.expression}, wo.id) ${descending ? '<' : '>'} (cast(:cursorValue as ${spec.cast}), cast(:cursorId as uuid))`, {
      cursorValue: cursor.value,
      cursorId: cursor.id,
    });
  }
  return qb.orderBy(spec.expression, direction).addOrderBy('wo.id', direction).limit(limit);
}

/**
 * Runs a work-order query and builds the entities straight from the rows (one property per
 * column), skipping TypeORM's generic result transformer: list pages are its hottest path.
 */
export async function fetchWorkOrders(qb: SelectQueryBuilder<WorkOrder>): Promise<WorkOrder[]> {
  const columns = qb.connection.getMetadata(WorkOrder).columns;
  const rows: Array<Record<string, unknown>> = await qb.select('wo.*').getRawMany();
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
