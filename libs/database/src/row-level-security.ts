import type { QueryRunner } from 'typeorm';

/**
 * The tenant of the current transaction, or NULL (matches nothing) when none was set. Wrapped in
 * a sub-select so PostgreSQL evaluates it once per statement (an InitPlan), not once per row.
 */
export const CURRENT_TENANT_SQL = `(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;

/**
 * Migration helper: isolates `table` by its `tenant_id` column. FORCE makes the policy apply to
 * the table owner too; the application role must still own no tables and lack BYPASSRLS.
 */
export async function enableTenantRowLevelSecurity(queryRunner: QueryRunner, table: string): Promise<void> {
  await queryRunner.query(`alter table "${table}" enable row level security`);
  await queryRunner.query(`alter table "${table}" force row level security`);
  await queryRunner.query(
    `create policy tenant_isolation on "${table}" using (tenant_id = ${CURRENT_TENANT_SQL}) with check (tenant_id = ${CURRENT_TENANT_SQL})`,
  );
}

export async function disableTenantRowLevelSecurity(queryRunner: QueryRunner, table: string): Promise<void> {
  await queryRunner.query(`drop policy if exists tenant_isolation on "${table}"`);
  await queryRunner.query(`alter table "${table}" no force row level security`);
  await queryRunner.query(`alter table "${table}" disable row level security`);
}
