import { enableTenantRowLevelSecurity } from '@mate/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const FACT_TABLES_DDL = [
  `
      create table location_facts (
        tenant_id uuid not null,
        location_id uuid not null,
        parent_location_id uuid,
        deleted_at timestamptz,
        primary key (tenant_id, location_id)
      )`,
  `
      create table asset_facts (
        tenant_id uuid not null,
        asset_id uuid not null,
        location_id uuid,
        location_path_ids uuid[] not null default '{}',
        category text,
        criticality text,
        in_service_from timestamptz not null,
        in_service_until timestamptz,
        primary key (tenant_id, asset_id)
      )`,
  `
      create table downtime_facts (
        tenant_id uuid not null,
        downtime_id uuid not null,
        asset_id uuid not null,
        work_order_id uuid,
        started_at timestamptz not null,
        ended_at timestamptz,
        planned boolean not null,
        primary key (tenant_id, downtime_id)
      )`,
  `create index downtime_facts_period_idx on downtime_facts (tenant_id, started_at)`,
  `
      create table work_order_facts (
        tenant_id uuid not null,
        work_order_id uuid not null,
        number text not null,
        asset_id uuid,
        location_id uuid,
        type text not null,
        priority text not null,
        status text not null,
        created_at timestamptz not null,
        first_response_at timestamptz,
        due_at timestamptz,
        planned_start_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        estimated_minutes integer not null default 0,
        labour_minutes bigint not null default 0,
        labour_cost numeric not null default 0,
        parts_cost numeric not null default 0,
        other_cost numeric not null default 0,
        pm_plan_id text,
        pm_occurrence_id text,
        primary key (tenant_id, work_order_id)
      )`,
  `create index work_order_facts_created_idx on work_order_facts (tenant_id, created_at)`,
  `create index work_order_facts_completed_idx on work_order_facts (tenant_id, completed_at)`,
  `create index work_order_facts_due_idx on work_order_facts (tenant_id, due_at)`,
  `
      create table pm_occurrence_facts (
        tenant_id uuid not null,
        occurrence_id text not null,
        plan_id text not null,
        occurrence_at timestamptz not null,
        due_at timestamptz,
        primary key (tenant_id, occurrence_id)
      )`,
  `create index pm_occurrence_facts_plan_idx on pm_occurrence_facts (tenant_id, plan_id, occurrence_at)`,
];

const TENANT_TABLES = ['location_facts', 'asset_facts', 'downtime_facts', 'work_order_facts', 'pm_occurrence_facts'];

/** How far each partition is projected: not per tenant (no row-level security). */
const PROGRESS_TABLE_DDL = `
      create table projection_progress (
        topic text not null,
        partition integer not null,
        last_offset bigint not null,
        last_event_at timestamptz not null,
        projected_at timestamptz not null,
        primary key (topic, partition)
      )`;

/**
 * The reporting projections: facts by asset, downtime interval, work order and PM occurrence,
 * indexed by the times the KPIs select on (day ranges). Not copies of the producers' tables: only
 * what the KPIs read. `projection_progress` (not per tenant) is how far each partition is projected.
 */
export class ReportingFacts1767300000001 implements MigrationInterface {
  name = 'ReportingFacts1767300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of FACT_TABLES_DDL) await queryRunner.query(statement);
    for (const table of TENANT_TABLES) {
      await enableTenantRowLevelSecurity(queryRunner, table);
    }
    await queryRunner.query(PROGRESS_TABLE_DDL);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['projection_progress', 'pm_occurrence_facts', 'work_order_facts', 'downtime_facts', 'asset_facts', 'location_facts']) {
      await queryRunner.query(`drop table ${table}`);
    }
  }
}
