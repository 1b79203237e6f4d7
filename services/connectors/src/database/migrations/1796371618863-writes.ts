import { enableTenantRowLevelSecurity } from '@mate/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The write ledger: one row per Idempotency-Key of a connection, written *before* anything goes
 * upstream (intent), then closed with the outcome and the answer to replay. A create also keeps
 * the tag it put on the upstream record, so a retry after a lost reply finds the record it made
 * instead of making a second one. Rows expire after a day (Merge's idempotency window is 24 h).
 */
export class Writes1796371618863 implements MigrationInterface {
  name = 'Writes1796371618863';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table write_ledger (
        tenant_id uuid not null,
        connection_id uuid not null references connections (id) on delete cascade,
        idempotency_key text not null,
        id uuid not null unique,
        entity text not null,
        operation text not null check (operation in ('create', 'update', 'delete')),
        remote_id text,
        request_hash text not null,
        tag text,
        state text not null check (state in ('pending', 'succeeded', 'failed')),
        attempts integer not null default 0,
        lease_until timestamptz,
        response_status integer,
        response_body jsonb,
        failure_class text,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        expires_at timestamptz not null,
        primary key (tenant_id, connection_id, idempotency_key)
      )`);
    await queryRunner.query(`create index write_ledger_expiry on write_ledger (expires_at)`);
    await queryRunner.query(`create index write_ledger_refusals on write_ledger (connection_id, entity, operation, updated_at) where failure_class = 'permission_denied'`);
    await enableTenantRowLevelSecurity(queryRunner, 'write_ledger');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table write_ledger`);
  }
}
