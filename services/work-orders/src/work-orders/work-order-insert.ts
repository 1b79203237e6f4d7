import type { EntityManager } from 'typeorm';
import { WorkOrder } from './work-order.entity';

const NUMBER_COLUMNS = new Set(['number_seq', 'number']);

/** `WO-000123`, in SQL: six digits at least, never truncated (lpad would cut longer numbers). */
const NUMBER_SQL = (sequence: string) => `'WO-' || case when length(${sequence}::text) < 6 then lpad(${sequence}::text, 6, '0') else ${sequence}::text end`;

function columnsAndValues(manager: EntityManager, workOrder: WorkOrder, withNumber: boolean): { columns: string[]; values: unknown[] } {
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
 * Inserts a new work order and its `created` history entry in ONE statement. Without a number
 * yet, the same statement also takes the tenant's next number from its counter row: the row stays
 * locked until commit, so everything after this statement should be quick (the outbox rows and
 * the commit). Fewer statements under the lock is what lets one tenant create work orders fast.
 */
export async function insertWorkOrder(
  manager: EntityManager,
  workOrder: WorkOrder,
  history: { actor: string; at: Date },
  options: { assignNumber: boolean },
): Promise<void> {
  const { columns, values } = columnsAndValues(manager, workOrder, !options.assignNumber);
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
