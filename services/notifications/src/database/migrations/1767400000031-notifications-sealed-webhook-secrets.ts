import { createTenantDataKeysTable } from '@mate/secrets';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook signing secrets sealed (AES-256-GCM with the tenant's data key, `@mate/secrets`) instead
 * of stored in clear; the previous secret of a rotation keeps signing until
 * `previous_secret_expires_at`. The plaintext column goes: no release stored secrets in it.
 */
export class NotificationsSealedWebhookSecrets1767400000031 implements MigrationInterface {
  name = 'NotificationsSealedWebhookSecrets1767400000031';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createTenantDataKeysTable(queryRunner);
    await queryRunner.query(`alter table webhook_endpoints drop column secrets`);
    await queryRunner.query(`
      alter table webhook_endpoints
        add column sealed_secrets bytea,
        add column data_key_version int,
        add column previous_secret_expires_at timestamptz`);
    await queryRunner.query(`create index webhook_endpoints_keyset on webhook_endpoints (tenant_id, created_at, id)`);
    await queryRunner.query(`create index deliveries_by_target on deliveries (tenant_id, target_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop index deliveries_by_target`);
    await queryRunner.query(`drop index webhook_endpoints_keyset`);
    await queryRunner.query(`alter table webhook_endpoints drop column sealed_secrets, drop column data_key_version, drop column previous_secret_expires_at`);
    await queryRunner.query(`alter table webhook_endpoints add column secrets text[] not null default '{}'`);
    await queryRunner.query(`drop table tenant_data_keys`);
  }
}
