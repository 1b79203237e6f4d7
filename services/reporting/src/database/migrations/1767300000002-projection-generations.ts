import { enableTenantRowLevelSecurity } from '@mate/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const NEW_FACT_TABLES_DDL = [
  `
      create table connection_state_facts (
        tenant_id uuid not null,
        interval_id uuid not null,
        connection_id uuid not null,
        system text not null,
        state text not null,
        reason text not null default '',
        started_at timestamptz not null,
        ended_at timestamptz,
        primary key (tenant_id, interval_id)
      )`,
  `create index connection_state_facts_connection_idx on connection_state_facts (tenant_id, connection_id, started_at)`,
  `
      create table alert_facts (
        tenant_id uuid not null,
        alert_id uuid not null,
        type text not null,
        severity text not null,
        subject_kind text not null default '',
        subject_id text not null default '',
        opened_at timestamptz not null,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        primary key (tenant_id, alert_id)
      )`,
  `create index alert_facts_opened_idx on alert_facts (tenant_id, opened_at)`,
  `
      create table alert_repeat_facts (
        tenant_id uuid not null,
        alert_id uuid not null,
        day date not null,
        repeats integer not null,
        primary key (tenant_id, alert_id, day)
      )`,
];

const NEW_TENANT_TABLES = ['connection_state_facts', 'alert_facts', 'alert_repeat_facts'];

const PROJECTION_TABLES = [
  'location_facts',
  'asset_facts',
  'downtime_facts',
  'work_order_facts',
  'pm_occurrence_facts',
  'projection_progress',
  ...NEW_TENANT_TABLES,
];

/**
 * The connectors' and notifications' facts (connection state intervals, alerts and their repeats by
 * day), and projection generations: every projection table moves into the schema of generation 1,
 * `projection_generations` (public) says which generation answers. `npm run reporting:rebuild`
 * fills the next generation from the topics and switches over; later migrations that change a
 * projection table change it in the active generation's schema (a rebuild copies its structure).
 */
export class ProjectionGenerations1767300000002 implements MigrationInterface {
  name = 'ProjectionGenerations1767300000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of NEW_FACT_TABLES_DDL) await queryRunner.query(statement);
    for (const table of NEW_TENANT_TABLES) await enableTenantRowLevelSecurity(queryRunner, table);
    await queryRunner.query(`create schema reporting_g1`);
    for (const table of PROJECTION_TABLES) await queryRunner.query(`alter table ${table} set schema reporting_g1`);
    await queryRunner.query(`
      create table projection_generations (
        generation integer primary key,
        schema_name text not null unique,
        state text not null check (state in ('building', 'active', 'retired')),
        consumer_group text not null,
        created_at timestamptz not null default now(),
        activated_at timestamptz
      )`);
    await queryRunner.query(`create unique index projection_generations_one_active on projection_generations ((true)) where state = 'active'`);
    await queryRunner.query(
      `insert into projection_generations (generation, schema_name, state, consumer_group, activated_at) values (1, 'reporting_g1', 'active', 'mate.reporting', now())`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const [active] = await queryRunner.query(`select schema_name from projection_generations where state = 'active'`) as { schema_name: string }[];
    const schema = active?.schema_name ?? 'reporting_g1';
    for (const table of PROJECTION_TABLES) await queryRunner.query(`alter table ${schema}.${table} set schema public`);
    for (const table of NEW_TENANT_TABLES.reverse()) await queryRunner.query(`drop table ${table}`);
    await queryRunner.query(`drop table projection_generations`);
  }
}
