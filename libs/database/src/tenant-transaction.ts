import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in one transaction with `app.tenant_id` set for that transaction only
 * (`set_config(..., true)`), so row-level security policies see the caller's tenant and a pooled
 * connection never carries it over to the next user (typeorm 5857).
 */
export async function withTenantTransaction<T>(
  dataSource: DataSource,
  tenantId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    await beginTenantTransaction(runner, tenantId);
    const result = await work(runner.manager);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    // The original error wins over a failed rollback, as in TypeORM's own transaction().
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/** Sets the tenant for the current transaction of `manager`. */
export async function setTenant(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
}

/** TypeORM's transaction bookkeeping on a query runner (`transactionDepth` is protected). */
interface TransactionBookkeeping {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/**
 * START TRANSACTION and the tenant setting in ONE round trip: two statements in one simple-protocol
 * query. Every tenant transaction pays this, and a round trip costs more CPU than either statement
 * (B1 in docs/benchmarks.md). TypeORM's startTransaction() cannot take a second statement, so this
 * sets the bookkeeping that startTransaction() would, before sending (as TypeORM does): a nested
 * `transaction()` becomes a savepoint, a `save()` joins this transaction instead of committing it,
 * and commitTransaction()/rollbackTransaction() end it. A literal instead of a parameter, because
 * only the simple protocol allows two statements; it is checked to be a uuid first.
 */
async function beginTenantTransaction(runner: QueryRunner, tenantId: string): Promise<void> {
  if (!UUID.test(tenantId)) throw new Error('tenant id must be a uuid');
  Object.assign(runner as unknown as TransactionBookkeeping, { isTransactionActive: true, transactionDepth: 1 });
  await runner.query(`start transaction; select set_config('app.tenant_id', '${tenantId}', true)`);
}
