import type { EntityManager } from 'typeorm';

/**
 * Reserves `count` consecutive work-order numbers of a tenant and returns the first. The
 * tenant's counter row stays locked until the transaction ends, so concurrent creations queue
 * there and a rollback returns the numbers: no gaps, no duplicates (a sequence would leave holes).
 */
export async function reserveNumbers(manager: EntityManager, tenantId: string, count = 1): Promise<number> {
  const rows: Array<{ last_number: string }> = await manager.query(
    `insert into work_order_counters (tenant_id, last_number) values ($1, $2)
     on conflict (tenant_id) do update set last_number = work_order_counters.last_number + excluded.last_number
     returning last_number`,
    [tenantId, count],
  );
  return Number(rows[0].last_number) - count + 1;
}

/** Gives back the last `count` reserved numbers (still holding the row lock from reserveNumbers). */
export async function releaseNumbers(manager: EntityManager, tenantId: string, count = 1): Promise<void> {
  await manager.query(`update work_order_counters set last_number = last_number - $2 where tenant_id = $1`, [tenantId, count]);
}
