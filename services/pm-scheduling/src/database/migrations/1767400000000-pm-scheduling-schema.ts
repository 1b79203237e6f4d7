import { enableTenantRowLevelSecurity } from '@mate/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['pm_calendars', 'pm_plans', 'pm_streams', 'pm_occurrences', 'known_assets', 'meter_usage'] as const;

/** The PM-scheduling schema. Every tenant table has row-level security. */
export class PmSchedulingSchema1767400000000 implements MigrationInterface {
  name = 'PmSchedulingSchema1767400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.plans(queryRunner);
    await this.streamsAndOccurrences(queryRunner);
    await this.readModels(queryRunner);
    for (const table of TENANT_TABLES) await enableTenantRowLevelSecurity(queryRunner, table);
  }

  private async plans(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);

    // Tenants that have plans: lets the engine visit each tenant under RLS. Holds no tenant data,
    // so, like the outbox, it has no row-level security. Filled by a trigger on pm_plans.
    await q(`create table known_tenants (tenant_id uuid primary key, first_seen_at timestamptz not null default now())`);
    await q(`
      create function register_known_tenant() returns trigger language plpgsql as $$
      begin
        insert into known_tenants (tenant_id) values (new.tenant_id) on conflict do nothing;
        return new;
      end $$`);

    await q(`
      create table pm_calendars (
        id uuid primary key,
        tenant_id uuid not null,
        name text not null,
        working_days smallint[] not null,
        holidays text[] not null default '{}',
        non_working_day_rule text not null,
        version integer not null,
        created_by text not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    await q(`create index pm_calendars_list_idx on pm_calendars (tenant_id, created_at, id)`);

    await q(`
      create table pm_plans (
        id uuid primary key,
        tenant_id uuid not null,
        title text not null,
        template jsonb not null,
        target jsonb not null,
        schedule jsonb not null,
        calendar_id uuid references pm_calendars (id),
        zone text not null,
        starts_at timestamptz not null,
        ends_at timestamptz,
        active boolean not null,
        version integer not null,
        created_by text not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    await q(`create index pm_plans_list_idx on pm_plans (tenant_id, created_at, id)`);
    await q(`create trigger pm_plans_register_tenant after insert on pm_plans for each row execute function register_known_tenant()`);
  }

  private async streamsAndOccurrences(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);

    // One occurrence stream per plan and asset. next_due_at is when the engine must next look at
    // it (the generation time of its next calendar occurrence); the partial index is what the
    // claim (FOR UPDATE SKIP LOCKED, bounded) walks.
    await q(`
      create table pm_streams (
        tenant_id uuid not null,
        plan_id uuid not null references pm_plans (id) on delete cascade,
        asset_id uuid not null,
        state jsonb not null,
        next_due_at timestamptz,
        plan_active boolean not null,
        paused_reason text,
        updated_at timestamptz not null default now(),
        primary key (plan_id, asset_id)
      )`);
    await q(`
      create index pm_streams_due_idx on pm_streams (tenant_id, next_due_at)
        where next_due_at is not null and plan_active and paused_reason is null`);
    await q(`create index pm_streams_asset_idx on pm_streams (tenant_id, asset_id)`);

    // Every occurrence the engine decided on, generated or skipped, once (its deterministic id is
    // the key: a second insert of the same occurrence finds it and publishes nothing).
    await q(`
      create table pm_occurrences (
        occurrence_id uuid primary key,
        tenant_id uuid not null,
        plan_id uuid not null,
        asset_id uuid not null,
        occurrence_at timestamptz not null,
        planned_start_at timestamptz,
        due_at timestamptz,
        interval_ms bigint,
        trigger text not null,
        catch_up boolean not null default false,
        outcome text not null,
        skip_reason text,
        work_order_id uuid,
        work_order_status text,
        completed_at timestamptz,
        cancelled_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    await q(`create index pm_occurrences_plan_idx on pm_occurrences (tenant_id, plan_id, occurrence_at desc, occurrence_id)`);
    await q(`create index pm_occurrences_due_idx on pm_occurrences (tenant_id, due_at) where outcome = 'generated'`);
  }

  private async readModels(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);

    // The read model of assets, fed by mate.assets.v1: what a category target matches.
    await q(`
      create table known_assets (
        tenant_id uuid not null,
        asset_id uuid not null,
        category text not null default '',
        location_path_ids uuid[] not null default '{}',
        status text not null,
        deleted_at timestamptz,
        changed_at timestamptz,
        primary key (tenant_id, asset_id)
      )`);
    await q(`create index known_assets_category_idx on known_assets (tenant_id, category)`);

    // Usage of cumulative meters for the forecast: the first and last lifetime total of a window.
    await q(`
      create table meter_usage (
        tenant_id uuid not null,
        meter_id uuid not null,
        asset_id uuid not null,
        unit text not null,
        window_start_total numeric not null,
        window_start_at timestamptz not null,
        last_total numeric not null,
        last_read_at timestamptz not null,
        primary key (tenant_id, meter_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TENANT_TABLES].reverse()) await queryRunner.query(`drop table if exists ${table} cascade`);
    await queryRunner.query(`drop table if exists known_tenants`);
    await queryRunner.query(`drop function if exists register_known_tenant()`);
  }
}
