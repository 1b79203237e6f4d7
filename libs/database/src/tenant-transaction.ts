import type { DataSource, EntityManager } from 'typeorm';

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
  return dataSource.transaction(async (manager) => {
    await setTenant(manager, tenantId);
    return work(manager);
  });
}

/** Sets the tenant for the current transaction of `manager`. */
export async function setTenant(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
}
