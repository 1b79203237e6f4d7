import { disableTenantRowLevelSecurity, enableTenantRowLevelSecurity } from '@mate/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A tenant's own template per alert type and channel; without one the built-in default applies. */
export class NotificationsTemplates1767400000032 implements MigrationInterface {
  name = 'NotificationsTemplates1767400000032';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table notification_templates (
        tenant_id uuid not null,
        alert_type text not null,
        channel text not null check (channel in ('email')),
        subject text not null,
        text text not null,
        mjml text not null,
        version int not null,
        updated_at timestamptz not null,
        primary key (tenant_id, alert_type, channel)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'notification_templates');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantRowLevelSecurity(queryRunner, 'notification_templates');
    await queryRunner.query(`drop table notification_templates`);
  }
}
