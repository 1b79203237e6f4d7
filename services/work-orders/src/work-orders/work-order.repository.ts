import { Injectable } from '@nestjs/common';
import { escapeLike } from '@mate/database';
import {
  applyCustomFieldFilters,
  creationOrder,
  KeysetPage,
  sortOrder,
  type CursorPageQuery,
  type CustomFieldFilter,
  type KeysetOrder,
  type Page,
  type SortKey,
} from '@mate/service-kit';
import { Brackets, In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { WorkOrderSort } from './dtos/work-order.dtos';
import type { WorkOrderFilterQuery } from './dtos/list-work-orders.query';
import { WorkOrderComment } from './work-order-comment.entity';
import { WorkOrderHistoryEntry, type HistoryKind } from './work-order-history.entity';
import { WorkOrder } from './work-order.entity';
import { ACTIVE_STATUSES, type WorkOrderSource } from './work-order.model';

/** What changed, by API field name (`customFields.<key>` per custom field). */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

export interface HistoryRecord {
  tenantId: string;
  workOrderId: string;
  kind: HistoryKind;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  changes?: FieldChanges | null;
  actor: string;
  at: Date;
}

/** Whose work orders a query sees: the tenant's, or only those assigned to one person (technicians). */
export interface WorkOrderScope {
  tenantId: string;
  assignedTo?: string;
}

export type WorkOrderSummary = Pick<WorkOrder, 'id' | 'number' | 'status'>;

const SORT_KEYS: Record<Exclude<WorkOrderSort, `-${string}`>, SortKey> = {
  createdAt: { sql: 'wo.created_at', type: 'timestamptz' },
  updatedAt: { sql: 'wo.updated_at', type: 'timestamptz' },
  // Keyset comparison needs a value on every row: work orders without a due date come last.
  dueAt: { sql: `coalesce(wo.due_at, 'infinity'::timestamptz)`, type: 'timestamptz' },
  priority: { sql: 'wo.priority_rank', type: 'int' },
  number: { sql: 'wo.number_seq', type: 'bigint' },
};

/** The order of the work-order list for a `sort` parameter. */
export function workOrderListOrder(sort: WorkOrderSort): KeysetOrder {
  return sortOrder(sort, SORT_KEYS, 'wo.id');
}

const NUMBER_COLUMNS = new Set(['number_seq', 'number']);

/** `WO-000123`, in SQL: six digits at least, never truncated (lpad would cut longer numbers). */
const NUMBER_SQL = (sequence: string) => `'WO-' || case when length(${sequence}::text) < 6 then lpad(${sequence}::text, 6, '0') else ${sequence}::text end`;

const HISTORY_ORDER: KeysetOrder = { tag: 'history', descending: false, columns: [{ name: 'id', sql: 'h.id', type: 'bigint' }] };
const COMMENT_ORDER = creationOrder('comments', 'c');

/**
 * Every query of the work order aggregate: the work orders, their numbering, history and comments.
 * Reads go through TypeORM's query builder; statements it cannot express (the one-statement insert
 * with numbering and history, the counter upsert, the multi-row history insert) are SQL with
 * numbered parameters. Methods take the caller's transaction (`manager`): the tenant is set on it.
 */
@Injectable()
export class WorkOrderRepository {
  find(manager: EntityManager, tenantId: string, id: string, options: { lock?: boolean } = {}): Promise<WorkOrder | null> {
    return manager.findOne(WorkOrder, {
      where: { id, tenantId },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  findBySource(manager: EntityManager, tenantId: string, source: WorkOrderSource, sourceRef: string): Promise<WorkOrder | null> {
    return manager.findOneBy(WorkOrder, { tenantId, source, sourceRef });
  }

  /** Number and status of work orders, e.g. for the requests they came from. */
  summaries(manager: EntityManager, tenantId: string, ids: readonly string[]): Promise<WorkOrderSummary[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.find(WorkOrder, { where: { tenantId, id: In([...ids]) }, select: { id: true, number: true, status: true } });
  }

  /**
   * Inserts a new work order and its `created` history entry in ONE statement. Without a number
   * yet, the same statement also takes the tenant's next number from its counter row: the row stays
   * locked until commit, so everything after this statement should be quick (the outbox rows and
   * the commit). Fewer statements under the lock is what lets one tenant create work orders fast.
   */
  async insert(manager: EntityManager, workOrder: WorkOrder, history: { actor: string; at: Date }, options: { assignNumber: boolean }): Promise<void> {
    const { columns, values } = this.columnsAndValues(manager, workOrder, !options.assignNumber);
    const placeholders = values.map((_, index) => `$${index + 1}`);
    const historyParams = values.length;
    values.push(workOrder.tenantId, workOrder.id, history.actor, history.at.toISOString());
    const historyInsert = `h as (
      insert into work_order_history (tenant_id, work_order_id, kind, to_status, actor, at)
      values ($${historyParams + 1}, $${historyParams + 2}, 'created', 'open', $${historyParams + 3}, $${historyParams + 4}))`;
    if (!options.assignNumber) {
      await manager.query(
        `with w as (insert into work_orders (${columns.join(', ')}) values (${placeholders.join(', ')}) returning id), ${historyInsert}
         select id from w`,
        values,
      );
      return;
    }
    const rows: Array<{ number_seq: string; number: string }> = await manager.query(
      `with n as (
         insert into work_order_counters (tenant_id, last_number) values ($${historyParams + 1}, 1)
         on conflict (tenant_id) do update set last_number = work_order_counters.last_number + 1
         returning last_number
       ), w as (
         insert into work_orders (${columns.join(', ')}, number_seq, number)
         select ${placeholders.join(', ')}, n.last_number, ${NUMBER_SQL('n.last_number')} from n
         returning number_seq, number
       ), ${historyInsert}
       select number_seq, number from w`,
      values,
    );
    workOrder.numberSeq = Number(rows[0].number_seq);
    workOrder.number = rows[0].number;
  }

  private columnsAndValues(manager: EntityManager, workOrder: WorkOrder, withNumber: boolean): { columns: string[]; values: unknown[] } {
    const columns: string[] = [];
    const values: unknown[] = [];
    for (const column of manager.connection.getMetadata(WorkOrder).columns) {
      if (!withNumber && NUMBER_COLUMNS.has(column.databaseName)) continue;
      const value: unknown = column.getEntityValue(workOrder, true);
      if (value === undefined) continue;
      columns.push(column.databaseName);
      values.push(column.type === 'jsonb' ? JSON.stringify(value) : value);
    }
    return { columns, values };
  }

  /**
   * Reserves the tenant's next work-order number. The tenant's counter row stays locked until the
   * transaction ends, so concurrent creations queue there and a rollback returns the number: no
   * gaps, no duplicates (a sequence would leave holes).
   */
  async reserveNumber(manager: EntityManager, tenantId: string): Promise<number> {
    const rows: Array<{ last_number: string }> = await manager.query(
      `insert into work_order_counters (tenant_id, last_number) values ($1, 1)
       on conflict (tenant_id) do update set last_number = work_order_counters.last_number + 1
       returning last_number`,
      [tenantId],
    );
    return Number(rows[0].last_number);
  }

  /** Gives back the number just reserved (still holding the row lock from reserveNumber). */
  async releaseNumber(manager: EntityManager, tenantId: string): Promise<void> {
    await manager.query(`update work_order_counters set last_number = last_number - 1 where tenant_id = $1`, [tenantId]);
  }

  /** Writes every mutable column of a loaded work order (one UPDATE; no SELECT as save() would do). */
  async save(manager: EntityManager, workOrder: WorkOrder): Promise<void> {
    const { id, tenantId, ...columns } = workOrder;
    await manager.update(WorkOrder, { id, tenantId }, columns);
  }

  /** Writes what activity on the work order's lists changes: version, update time, first response. */
  async saveActivity(manager: EntityManager, workOrder: WorkOrder): Promise<void> {
    await manager.update(
      WorkOrder,
      { id: workOrder.id, tenantId: workOrder.tenantId },
      { version: workOrder.version, updatedAt: workOrder.updatedAt, firstResponseAt: workOrder.firstResponseAt },
    );
  }

  /** One page of the list (`page` made from the caller's sort, limit and cursor). */
  async page(
    manager: EntityManager,
    scope: WorkOrderScope,
    filter: WorkOrderFilterQuery,
    customFieldFilters: readonly CustomFieldFilter[],
    page: KeysetPage,
  ): Promise<Page<WorkOrder>> {
    const qb = this.filtered(manager, scope, filter, customFieldFilters);
    const rows = await page.apply(qb.select('wo.*')).getRawMany<Record<string, unknown>>();
    return page.finish(this.workOrdersOf(manager, rows), rows);
  }

  /** Up to `limit` matching work orders after `after`, oldest first (the export's batches). */
  async exportBatch(
    manager: EntityManager,
    scope: WorkOrderScope,
    filter: WorkOrderFilterQuery,
    customFieldFilters: readonly CustomFieldFilter[],
    after: WorkOrder | undefined,
    limit: number,
  ): Promise<WorkOrder[]> {
    const qb = this.filtered(manager, scope, filter, customFieldFilters);
    if (after) {
      qb.andWhere('(wo.created_at, wo.id) > (cast(:afterAt as timestamptz), cast(:afterId as uuid))', {
        afterAt: after.createdAt.toISOString(),
        afterId: after.id,
      });
    }
    const rows = await qb.select('wo.*').orderBy('wo.created_at', 'ASC').addOrderBy('wo.id', 'ASC').limit(limit).getRawMany<Record<string, unknown>>();
    return this.workOrdersOf(manager, rows);
  }

  /** The scope's work orders matching the filters (tenant first: RLS is the second layer). */
  private filtered(
    manager: EntityManager,
    scope: WorkOrderScope,
    filter: WorkOrderFilterQuery,
    customFieldFilters: readonly CustomFieldFilter[],
  ): SelectQueryBuilder<WorkOrder> {
    const qb = manager.createQueryBuilder(WorkOrder, 'wo').where('wo.tenant_id = :tenantId', { tenantId: scope.tenantId });
    if (scope.assignedTo !== undefined) qb.andWhere('wo.assignee_ids @> array[:subject]::text[]', { subject: scope.assignedTo });
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
        new Brackets((where) => where.where('wo.number ilike :q').orWhere('wo.title ilike :q').orWhere('wo.description ilike :q')),
        { q: `%${escapeLike(filter.q)}%` },
      );
    }
    return applyCustomFieldFilters(qb, 'wo', customFieldFilters);
  }

  /**
   * Builds the entities straight from the rows (one property per column), skipping TypeORM's
   * generic result transformer: list pages are its hottest path.
   */
  private workOrdersOf(manager: EntityManager, rows: ReadonlyArray<Record<string, unknown>>): WorkOrder[] {
    const columns = manager.connection.getMetadata(WorkOrder).columns;
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

  /** Active work orders on the asset that are not at `locationId`, locked for the rest of the transaction. */
  lockActiveOnAssetElsewhere(manager: EntityManager, tenantId: string, assetId: string, locationId: string): Promise<WorkOrder[]> {
    return manager
      .createQueryBuilder(WorkOrder, 'wo')
      .setLock('pessimistic_write')
      .where('wo.tenant_id = :tenantId and wo.asset_id = :assetId', { tenantId, assetId })
      .andWhere({ status: In([...ACTIVE_STATUSES]) })
      .andWhere('wo.location_id is distinct from :locationId', { locationId })
      .getMany();
  }

  /** The active preventive work orders of these PM occurrences, locked, in id order. */
  lockActiveForPmOccurrences(manager: EntityManager, tenantId: string, occurrenceIds: readonly string[]): Promise<WorkOrder[]> {
    if (occurrenceIds.length === 0) return Promise.resolve([]);
    return manager
      .createQueryBuilder(WorkOrder, 'wo')
      .setLock('pessimistic_write')
      .where("wo.tenant_id = :tenantId and wo.source = 'pm' and wo.source_ref in (:...occurrenceIds)", { tenantId, occurrenceIds })
      .andWhere({ status: In([...ACTIVE_STATUSES]) })
      .orderBy('wo.id', 'ASC')
      .getMany();
  }

  /** The tenant's work orders holding a value for the custom field `key`, locked, in id order. */
  lockWithCustomField(manager: EntityManager, tenantId: string, key: string): Promise<WorkOrder[]> {
    return manager
      .createQueryBuilder(WorkOrder, 'wo')
      .setLock('pessimistic_write')
      .where('wo.tenant_id = :tenantId and wo.custom_fields ? cast(:key as text)', { tenantId, key })
      .orderBy('wo.id', 'ASC')
      .getMany();
  }

  /**
   * Active work orders past their due date whose due date was not announced yet, oldest due first.
   * Rows another replica holds are skipped (FOR UPDATE SKIP LOCKED): it announces them.
   */
  lockOverdueUnannounced(manager: EntityManager, tenantId: string, now: Date, limit: number): Promise<WorkOrder[]> {
    return manager
      .createQueryBuilder(WorkOrder, 'wo')
      .where('wo.tenant_id = :tenantId', { tenantId })
      .andWhere('wo.status in (:...statuses)', { statuses: [...ACTIVE_STATUSES] })
      .andWhere('wo.due_at < :now', { now: now.toISOString() })
      .andWhere('wo.overdue_notified_due_at is distinct from wo.due_at')
      .orderBy('wo.due_at', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Remembers that the current due date of these work orders was announced. */
  async markOverdueAnnounced(manager: EntityManager, tenantId: string, ids: readonly string[]): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(WorkOrder)
      .set({ overdueNotifiedDueAt: () => 'due_at' })
      .where('tenant_id = :tenantId and id in (:...ids)', { tenantId, ids })
      .execute();
  }

  /** Every tenant that has work orders (the tenant-less scan's list). */
  async tenantIds(manager: EntityManager): Promise<string[]> {
    const rows: Array<{ tenant_id: string }> = await manager.createQueryBuilder().select('tenant_id').from('known_tenants', 't').getRawMany();
    return rows.map((row) => row.tenant_id);
  }

  /** Appends history entries in one statement. */
  async appendHistory(manager: EntityManager, entries: readonly HistoryRecord[]): Promise<void> {
    if (entries.length === 0) return;
    const values: unknown[] = [];
    const tuples = entries.map((entry, row) => {
      values.push(
        entry.tenantId,
        entry.workOrderId,
        entry.kind,
        entry.fromStatus ?? null,
        entry.toStatus ?? null,
        entry.reason ?? null,
        entry.changes ? JSON.stringify(entry.changes) : null,
        entry.actor,
        entry.at.toISOString(),
      );
      const base = row * 9;
      return `(${Array.from({ length: 9 }, (_, column) => `$${base + column + 1}`).join(', ')})`;
    });
    await manager.query(
      `insert into work_order_history (tenant_id, work_order_id, kind, from_status, to_status, reason, changes, actor, at)
       values ${tuples.join(', ')}`,
      values,
    );
  }

  /** Oldest first: by the entry's id, which grows with every insert. */
  historyPage(manager: EntityManager, tenantId: string, workOrderId: string, query: CursorPageQuery): Promise<Page<WorkOrderHistoryEntry>> {
    const qb = manager
      .createQueryBuilder(WorkOrderHistoryEntry, 'h')
      .where('h.tenant_id = :tenantId and h.work_order_id = :workOrderId', { tenantId, workOrderId });
    return new KeysetPage(HISTORY_ORDER, query).fetch(qb);
  }

  commentsPage(manager: EntityManager, tenantId: string, workOrderId: string, query: CursorPageQuery): Promise<Page<WorkOrderComment>> {
    const qb = manager
      .createQueryBuilder(WorkOrderComment, 'c')
      .where('c.tenant_id = :tenantId and c.work_order_id = :workOrderId', { tenantId, workOrderId });
    return new KeysetPage(COMMENT_ORDER, query).fetch(qb);
  }

  async insertComment(manager: EntityManager, comment: WorkOrderComment): Promise<void> {
    await manager.insert(WorkOrderComment, comment);
  }
}
