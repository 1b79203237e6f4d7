import { disableTenantRowLevelSecurity, enableTenantRowLevelSecurity } from '@mate/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenant-defined custom fields: one definition per tenant, entity type and key; work requests get
 * values too. Values already stored on work orders stay; they count once a field with their key
 * is defined.
 */
export class WorkOrdersCustomFields1767200000002 implements MigrationInterface {
  name = 'WorkOrdersCustomFields1767200000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table custom_field_definitions (
        id uuid primary key,
        tenant_id uuid not null,
        entity_type text not null,
        key text not null,
        label text not null,
        type text not null,
        required boolean not null default false,
        options jsonb not null default '[]',
        unit text,
        version integer not null default 1,
        created_by text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint custom_field_definitions_entity_check check (entity_type in ('work_order', 'work_request')),
        constraint custom_field_definitions_type_check check (type in ('text', 'number', 'date', 'boolean', 'enum')),
        constraint custom_field_definitions_key_check check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
        constraint custom_field_definitions_key_unique unique (tenant_id, entity_type, key)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'custom_field_definitions');
    await queryRunner.query(`alter table work_requests add column custom_fields jsonb not null default '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table work_requests drop column custom_fields`);
    await disableTenantRowLevelSecurity(queryRunner, 'custom_field_definitions');
    await queryRunner.query(`drop table custom_field_definitions`);
  }
}
