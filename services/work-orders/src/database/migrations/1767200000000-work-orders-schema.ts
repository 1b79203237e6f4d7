import { enableTenantRowLevelSecurity } from '@mate/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = [
  'work_order_counters',
  'work_orders',
  'work_order_history',
  'work_order_comments',
  'checklist_items',
  'labour_entries',
  'part_lines',
  'other_costs',
  'work_requests',
  'known_assets',
  'known_locations',
] as const;

/** The work-orders schema. Every tenant table has row-level security. */
export class WorkOrdersSchema1767200000000 implements MigrationInterface {
  name = 'WorkOrdersSchema1767200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);

    // One row per tenant; the row lock serializes number assignment, so numbers have no gaps:
    // a rolled-back transaction rolls its increment back too (a sequence would leave a hole).
    await q(`
      create table work_order_counters (
        tenant_id uuid primary key,
        last_number bigint not null
      )`);

    // Tenants that have work orders: lets the overdue scan visit each tenant under RLS. Holds no
    // tenant data, so, like the outbox, it has no row-level security. Filled by a trigger when a
    // tenant's counter row is created.
    await q(`create table known_tenants (tenant_id uuid primary key, first_seen_at timestamptz not null default now())`);
    await q(`
      create function register_known_tenant() returns trigger language plpgsql as $$
      begin
        insert into known_tenants (tenant_id) values (new.tenant_id) on conflict do nothing;
        return new;
      end $$`);
    await q(`
      create trigger work_order_counters_register_tenant after insert on work_order_counters
      for each row execute function register_known_tenant()`);

    await q(`
      create table work_orders (
        id uuid primary key,
        tenant_id uuid not null,
        number_seq bigint not null,
        number text not null,
        title text not null,
        description text not null default '',
        type text not null,
        priority text not null,
        priority_rank smallint not null,
        status text not null,
        asset_id uuid,
        location_id uuid,
        assignee_ids text[] not null default '{}',
        team_id text,
        requester_id text,
        due_at timestamptz,
        planned_start_at timestamptz,
        estimated_duration_minutes integer,
        failure_problem text,
        failure_cause text,
        failure_remedy text,
        source text not null,
        source_ref text,
        pm_plan_id text,
        pm_occurrence_id text,
        request_id uuid,
        parent_work_order_id uuid,
        custom_fields jsonb not null default '{}',
        attachments jsonb not null default '[]',
        downtime_started_at timestamptz,
        downtime_ended_at timestamptz,
        downtime_planned boolean not null default false,
        follow_up_on_failed_inspection boolean not null default false,
        version integer not null default 1,
        created_by text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        first_response_at timestamptz,
        started_at timestamptz,
        completed_at timestamptz,
        completed_by text,
        completion_count integer not null default 0,
        closed_at timestamptz,
        cancelled_at timestamptz,
        status_reason text,
        overdue_notified_due_at timestamptz,
        constraint work_orders_number_unique unique (tenant_id, number_seq),
        constraint work_orders_type_check check (type in ('corrective','preventive','inspection','emergency','project')),
        constraint work_orders_priority_check check (priority in ('none','low','medium','high','critical')),
        constraint work_orders_status_check check (status in ('open','in_progress','on_hold','completed','closed','cancelled')),
        constraint work_orders_source_check check (source in ('manual','request','pm','connector'))
      )`);
    // Exactly one work order per source reference (a PM occurrence, a request, an external id),
    // whatever the redeliveries and replicas.
    await q(`create unique index work_orders_source_ref_unique on work_orders (tenant_id, source, source_ref) where source_ref is not null`);
    await q(`create index work_orders_created_idx on work_orders (tenant_id, created_at, id)`);
    await q(`create index work_orders_status_due_idx on work_orders (tenant_id, status, due_at, id)`);
    await q(`create index work_orders_status_priority_idx on work_orders (tenant_id, status, priority_rank, id)`);
    await q(`create index work_orders_asset_idx on work_orders (tenant_id, asset_id)`);
    await q(`create index work_orders_location_idx on work_orders (tenant_id, location_id)`);
    await q(`create index work_orders_assignees_idx on work_orders using gin (assignee_ids)`);
    await q(`
      create index work_orders_overdue_idx on work_orders (tenant_id, due_at)
      where status in ('open','in_progress','on_hold') and due_at is not null`);

    await q(`
      create table work_order_history (
        id bigint generated always as identity primary key,
        tenant_id uuid not null,
        work_order_id uuid not null references work_orders (id) on delete cascade,
        kind text not null,
        from_status text,
        to_status text,
        reason text,
        changes jsonb,
        actor text not null,
        at timestamptz not null default clock_timestamp()
      )`);
    await q(`create index work_order_history_idx on work_order_history (tenant_id, work_order_id, id)`);

    await q(`
      create table work_order_comments (
        id uuid primary key,
        tenant_id uuid not null,
        work_order_id uuid not null references work_orders (id) on delete cascade,
        author_id text not null,
        body text not null,
        created_at timestamptz not null default clock_timestamp()
      )`);
    await q(`create index work_order_comments_idx on work_order_comments (tenant_id, work_order_id, created_at)`);

    await q(`
      create table checklist_items (
        id uuid primary key,
        tenant_id uuid not null,
        work_order_id uuid not null references work_orders (id) on delete cascade,
        position integer not null,
        label text not null,
        kind text not null,
        required boolean not null default false,
        min_value numeric,
        max_value numeric,
        unit text,
        options text[] not null default '{}',
        meter_id uuid,
        done boolean,
        number_value numeric,
        text_value text,
        inspection_result text,
        choice text,
        meter_value numeric,
        out_of_range boolean not null default false,
        note text,
        answered_by text,
        answered_at timestamptz,
        follow_up_work_order_id uuid,
        constraint checklist_items_kind_check check (kind in ('sub_task','number','text','inspection','multiple_choice','meter_reading')),
        constraint checklist_items_inspection_check check (inspection_result is null or inspection_result in ('pass','flag','fail'))
      )`);
    await q(`create index checklist_items_idx on checklist_items (tenant_id, work_order_id, position)`);

    await q(`
      create table labour_entries (
        id uuid primary key,
        tenant_id uuid not null,
        work_order_id uuid not null references work_orders (id) on delete cascade,
        technician_id text not null,
        started_at timestamptz,
        ended_at timestamptz,
        minutes integer,
        hourly_rate numeric(12, 2) not null default 0,
        note text,
        created_by text not null,
        created_at timestamptz not null default clock_timestamp(),
        constraint labour_entries_minutes_check check (minutes is null or minutes >= 0)
      )`);
    await q(`create index labour_entries_idx on labour_entries (tenant_id, work_order_id)`);
    // At most one running timer per technician and work order.
    await q(`create unique index labour_entries_running_timer on labour_entries (tenant_id, work_order_id, technician_id) where minutes is null`);

    await q(`
      create table part_lines (
        id uuid primary key,
        tenant_id uuid not null,
        work_order_id uuid not null references work_orders (id) on delete cascade,
        part_id uuid not null,
        storeroom_id uuid not null,
        quantity numeric(14, 3) not null check (quantity > 0),
        unit_cost numeric(14, 4) not null check (unit_cost >= 0),
        created_by text not null,
        created_at timestamptz not null default clock_timestamp()
      )`);
    await q(`create index part_lines_idx on part_lines (tenant_id, work_order_id)`);

    await q(`
      create table other_costs (
        id uuid primary key,
        tenant_id uuid not null,
        work_order_id uuid not null references work_orders (id) on delete cascade,
        description text not null,
        category text not null default '',
        amount numeric(14, 2) not null check (amount >= 0),
        created_by text not null,
        created_at timestamptz not null default clock_timestamp()
      )`);
    await q(`create index other_costs_idx on other_costs (tenant_id, work_order_id)`);

    await q(`
      create table work_requests (
        id uuid primary key,
        tenant_id uuid not null,
        title text not null,
        description text not null default '',
        asset_id uuid,
        location_id uuid,
        priority_hint text not null default 'none',
        contact_name text,
        contact_email text,
        contact_phone text,
        attachments jsonb not null default '[]',
        requester_id text not null,
        status text not null default 'submitted',
        rejection_reason text,
        work_order_id uuid,
        decided_by text,
        decided_at timestamptz,
        created_at timestamptz not null default clock_timestamp(),
        constraint work_requests_status_check check (status in ('submitted','approved','rejected'))
      )`);
    await q(`create index work_requests_idx on work_requests (tenant_id, created_at, id)`);
    await q(`create index work_requests_requester_idx on work_requests (tenant_id, requester_id, created_at)`);

    // The read model of the assets service's assets and locations, kept current from its events.
    await q(`
      create table known_assets (
        tenant_id uuid not null,
        asset_id uuid not null,
        tag text not null default '',
        name text not null default '',
        location_id uuid,
        status text not null,
        location_path_ids uuid[] not null default '{}',
        updated_at timestamptz not null default now(),
        primary key (tenant_id, asset_id)
      )`);
    await q(`
      create table known_locations (
        tenant_id uuid not null,
        location_id uuid not null,
        parent_location_id uuid,
        name text not null default '',
        ancestor_ids uuid[] not null default '{}',
        updated_at timestamptz not null default now(),
        primary key (tenant_id, location_id)
      )`);
    await q(`create index known_locations_ancestors_idx on known_locations using gin (ancestor_ids)`);

    for (const table of TENANT_TABLES) await enableTenantRowLevelSecurity(queryRunner, table);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TENANT_TABLES].reverse()) await queryRunner.query(`drop table if exists ${table} cascade`);
    await queryRunner.query(`drop table if exists known_tenants`);
    await queryRunner.query(`drop function if exists register_known_tenant()`);
  }
}
