import { enableTenantRowLevelSecurity } from '@mate/database';
import type { QueryRunner } from 'typeorm';

/** The `tenant_data_keys` table `TenantDataKey` maps, isolated by tenant; for a service's migration. */
export async function createTenantDataKeysTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    create table tenant_data_keys (
      tenant_id uuid not null,
      version integer not null,
      master_key_version integer not null,
      wrapped_key bytea not null,
      created_at timestamptz not null,
      rewrapped_at timestamptz,
      primary key (tenant_id, version)
    )`);
  await enableTenantRowLevelSecurity(queryRunner, 'tenant_data_keys');
}
