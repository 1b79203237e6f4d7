import { Inject, Injectable } from '@nestjs/common';
import { withTenantTransaction } from '@mate/database';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid, type Principal } from '../auth/principal';

/**
 * The only way application code should reach tenant data: one transaction with `app.tenant_id`
 * set, so row-level security confines every statement to the caller's tenant even if a query
 * forgets its `tenant_id` filter. Still filter by tenant in queries: RLS is the second layer.
 */
@Injectable()
export class TenantTransactions {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  run<T>(tenant: Principal | string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const tenantId = typeof tenant === 'string' ? tenant : tenant.tenantId;
    if (!isUuid(tenantId)) throw new Error('tenant id must be a uuid');
    return withTenantTransaction(this.dataSource, tenantId, work);
  }
}
