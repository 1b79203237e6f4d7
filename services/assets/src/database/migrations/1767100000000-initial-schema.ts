import { enableTenantRowLevelSecurity } from '@mate/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table of the assets service holds tenant data and is isolated by row-level security. */
export const TENANT_TABLES = [
  'locations',
  'assets',
  'asset_status_changes',
  'downtimes',
  'custom_field_definitions',
  'meters',
  'meter_readings',
  'parts',
  'stock_levels',
  'stock_movements',
  'reservations',
  'work_order_part_issues',
  'vendors',
  'purchase_orders',
  'purchase_order_lines',
  'purchase_order_status_changes',
  'tenant_counters',
] as const;

export class InitialSchema1767100000000 implements MigrationInterface {
  name = 'InitialSchema1767100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sql = (text: string) => queryRunner.query(text);

    // Locations: a tree per tenant with a materialised path of ids ("/root/child/self/"), so a
    // subtree is one index range scan and a move rewrites one prefix.
    await sql(`
      create table locations (
        id uuid primary key,
        tenant_id uuid not null,
        parent_id uuid references locations (id),
        path text not null,
        depth int not null,
        name text not null,
        code text,
        kind text not null default 'area',
        is_storeroom boolean not null default false,
        address jsonb,
        latitude numeric(9, 6),
        longitude numeric(9, 6),
        description text,
        custom_fields jsonb not null default '{}',
        version int not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await sql(`create unique index locations_tenant_path_idx on locations (tenant_id, path text_pattern_ops)`);
    await sql(`create index locations_tenant_parent_idx on locations (tenant_id, parent_id)`);
    await sql(`create index locations_tenant_name_idx on locations (tenant_id, name, id)`);

    await sql(`
      create table assets (
        id uuid primary key,
        tenant_id uuid not null,
        tag text not null,
        name text not null,
        description text,
        category text,
        manufacturer text,
        model text,
        serial_number text,
        criticality char(1) not null default 'C' check (criticality in ('A', 'B', 'C')),
        status text not null,
        parent_id uuid references assets (id),
        path text not null,
        location_id uuid not null references locations (id),
        install_date date,
        purchase_cost numeric(18, 6),
        warranty_expiry date,
        barcode text,
        custom_fields jsonb not null default '{}',
        version int not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        decommissioned_at timestamptz
      )`);
    await sql(`create unique index assets_tenant_tag_idx on assets (tenant_id, tag)`);
    await sql(`create index assets_tenant_location_idx on assets (tenant_id, location_id)`);
    await sql(`create index assets_tenant_parent_idx on assets (tenant_id, parent_id)`);
    await sql(`create index assets_tenant_path_idx on assets (tenant_id, path text_pattern_ops)`);
    await sql(`create index assets_tenant_name_idx on assets (tenant_id, name, id)`);
    await sql(`create index assets_tenant_created_idx on assets (tenant_id, created_at, id)`);
    await sql(`create index assets_custom_fields_idx on assets using gin (custom_fields jsonb_path_ops)`);

    await sql(`
      create table asset_status_changes (
        id uuid primary key,
        tenant_id uuid not null,
        asset_id uuid not null references assets (id),
        from_status text,
        to_status text not null,
        reason text,
        work_order_id uuid,
        changed_by text not null,
        changed_at timestamptz not null
      )`);
    await sql(`create index asset_status_changes_asset_idx on asset_status_changes (tenant_id, asset_id, changed_at)`);

    await sql(`
      create table downtimes (
        id uuid primary key,
        tenant_id uuid not null,
        asset_id uuid not null references assets (id),
        kind text not null check (kind in ('planned', 'unplanned')),
        status text not null,
        reason text,
        work_order_id uuid,
        started_at timestamptz not null,
        ended_at timestamptz,
        check (ended_at is null or ended_at >= started_at)
      )`);
    await sql(`create index downtimes_asset_idx on downtimes (tenant_id, asset_id, started_at)`);
    // At most one open interval per asset.
    await sql(`create unique index downtimes_open_idx on downtimes (tenant_id, asset_id) where ended_at is null`);

    await sql(`
      create table custom_field_definitions (
        id uuid primary key,
        tenant_id uuid not null,
        entity_type text not null check (entity_type in ('asset', 'location', 'part')),
        key text not null,
        label text not null,
        type text not null check (type in ('text', 'number', 'date', 'boolean', 'enum')),
        required boolean not null default false,
        options jsonb not null default '[]',
        unit text,
        version int not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await sql(`create unique index custom_field_definitions_key_idx on custom_field_definitions (tenant_id, entity_type, key)`);

    await sql(`
      create table meters (
        id uuid primary key,
        tenant_id uuid not null,
        asset_id uuid not null references assets (id),
        name text not null,
        kind text not null check (kind in ('cumulative', 'gauge')),
        unit text not null,
        last_value numeric(24, 6),
        last_read_at timestamptz,
        lifetime_total numeric(24, 6) not null default 0,
        reading_count bigint not null default 0,
        version int not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await sql(`create index meters_asset_idx on meters (tenant_id, asset_id)`);

    await sql(`
      create table meter_readings (
        id uuid primary key,
        tenant_id uuid not null,
        meter_id uuid not null references meters (id),
        asset_id uuid not null,
        read_at timestamptz not null,
        value numeric(24, 6) not null,
        delta numeric(24, 6),
        lifetime_total numeric(24, 6),
        is_reset boolean not null default false,
        work_order_id uuid,
        source text not null,
        recorded_by text not null,
        created_at timestamptz not null default now()
      )`);
    // Idempotency: one reading per meter and instant.
    await sql(`create unique index meter_readings_meter_time_idx on meter_readings (tenant_id, meter_id, read_at)`);
    await sql(`create index meter_readings_asset_idx on meter_readings (tenant_id, asset_id, read_at)`);

    await sql(`
      create table vendors (
        id uuid primary key,
        tenant_id uuid not null,
        name text not null,
        email text,
        phone text,
        address text,
        notes text,
        version int not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await sql(`create index vendors_tenant_name_idx on vendors (tenant_id, name, id)`);

    await sql(`
      create table parts (
        id uuid primary key,
        tenant_id uuid not null,
        sku text not null,
        name text not null,
        description text,
        unit_of_measure text not null,
        unit_cost numeric(18, 6) not null default 0,
        preferred_vendor_id uuid references vendors (id),
        custom_fields jsonb not null default '{}',
        version int not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await sql(`create unique index parts_tenant_sku_idx on parts (tenant_id, sku)`);
    await sql(`create index parts_tenant_name_idx on parts (tenant_id, name, id)`);

    // Stock never goes negative: enforced by the service (409) and, as a last line, by the checks.
    await sql(`
      create table stock_levels (
        tenant_id uuid not null,
        part_id uuid not null references parts (id),
        storeroom_id uuid not null references locations (id),
        on_hand numeric(18, 6) not null default 0 check (on_hand >= 0),
        reserved numeric(18, 6) not null default 0 check (reserved >= 0),
        minimum numeric(18, 6) not null default 0 check (minimum >= 0),
        reorder_point numeric(18, 6) not null default 0 check (reorder_point >= 0),
        below_reorder_point boolean not null default false,
        version int not null default 1,
        updated_at timestamptz not null default now(),
        primary key (tenant_id, part_id, storeroom_id)
      )`);
    await sql(`create index stock_levels_storeroom_idx on stock_levels (tenant_id, storeroom_id)`);

    // The stock ledger is append-only: the trigger refuses updates and deletes, even by the owner.
    await sql(`
      create table stock_movements (
        id uuid primary key,
        seq bigint generated always as identity,
        tenant_id uuid not null,
        part_id uuid not null references parts (id),
        storeroom_id uuid not null references locations (id),
        kind text not null check (kind in ('receipt', 'issue', 'transfer_out', 'transfer_in', 'adjustment', 'reservation', 'reservation_release')),
        quantity numeric(18, 6) not null,
        reserved_change numeric(18, 6) not null default 0,
        on_hand_after numeric(18, 6) not null,
        reserved_after numeric(18, 6) not null,
        unit_cost numeric(18, 6),
        work_order_id uuid,
        asset_id uuid,
        purchase_order_id uuid,
        transfer_id uuid,
        reason text,
        actor text not null,
        occurred_at timestamptz not null default now()
      )`);
    await sql(`create index stock_movements_part_idx on stock_movements (tenant_id, part_id, seq)`);
    await sql(`create index stock_movements_asset_idx on stock_movements (tenant_id, asset_id, occurred_at) where asset_id is not null`);
    await sql(`create index stock_movements_work_order_idx on stock_movements (tenant_id, work_order_id) where work_order_id is not null`);
    await sql(`
      create function stock_movements_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'stock_movements is append-only' using errcode = '42501';
      end $$`);
    await sql(`
      create trigger stock_movements_append_only before update or delete on stock_movements
      for each row execute function stock_movements_append_only()`);

    await sql(`
      create table reservations (
        id uuid primary key,
        tenant_id uuid not null,
        work_order_id uuid not null,
        line_id text not null,
        part_id uuid not null references parts (id),
        storeroom_id uuid not null references locations (id),
        quantity_requested numeric(18, 6) not null,
        quantity_reserved numeric(18, 6) not null,
        status text not null check (status in ('active', 'released', 'consumed')),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await sql(`create unique index reservations_active_idx on reservations (tenant_id, work_order_id, line_id) where status = 'active'`);
    await sql(`create index reservations_part_idx on reservations (tenant_id, part_id, storeroom_id) where status = 'active'`);

    // What has been issued for each work-order part line: a completion (or a re-completion) issues
    // only the difference, so a work order's parts leave stock exactly once.
    await sql(`
      create table work_order_part_issues (
        tenant_id uuid not null,
        work_order_id uuid not null,
        line_id text not null,
        part_id uuid not null,
        storeroom_id uuid not null,
        quantity_issued numeric(18, 6) not null default 0,
        quantity_short numeric(18, 6) not null default 0,
        updated_at timestamptz not null default now(),
        primary key (tenant_id, work_order_id, line_id)
      )`);

    await sql(`
      create table purchase_orders (
        id uuid primary key,
        tenant_id uuid not null,
        number text not null,
        vendor_id uuid not null references vendors (id),
        status text not null,
        currency char(3) not null,
        storeroom_id uuid references locations (id),
        expected_at date,
        notes text,
        created_by text not null,
        approved_by text,
        approved_at timestamptz,
        version int not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await sql(`create unique index purchase_orders_number_idx on purchase_orders (tenant_id, number)`);
    await sql(`create index purchase_orders_created_idx on purchase_orders (tenant_id, created_at, id)`);

    await sql(`
      create table purchase_order_lines (
        id uuid primary key,
        tenant_id uuid not null,
        purchase_order_id uuid not null references purchase_orders (id),
        line_no int not null,
        part_id uuid not null references parts (id),
        quantity numeric(18, 6) not null check (quantity > 0),
        unit_cost numeric(18, 6) not null check (unit_cost >= 0),
        quantity_received numeric(18, 6) not null default 0 check (quantity_received >= 0 and quantity_received <= quantity)
      )`);
    await sql(`create index purchase_order_lines_po_idx on purchase_order_lines (tenant_id, purchase_order_id, line_no)`);

    await sql(`
      create table purchase_order_status_changes (
        id uuid primary key,
        tenant_id uuid not null,
        purchase_order_id uuid not null references purchase_orders (id),
        from_status text,
        to_status text not null,
        reason text,
        changed_by text not null,
        changed_at timestamptz not null default now()
      )`);
    await sql(`create index purchase_order_status_changes_po_idx on purchase_order_status_changes (tenant_id, purchase_order_id, changed_at)`);

    await sql(`
      create table tenant_counters (
        tenant_id uuid not null,
        name text not null,
        value bigint not null,
        primary key (tenant_id, name)
      )`);

    for (const table of TENANT_TABLES) await enableTenantRowLevelSecurity(queryRunner, table);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TENANT_TABLES].reverse()) await queryRunner.query(`drop table if exists ${table} cascade`);
    await queryRunner.query(`drop function if exists stock_movements_append_only()`);
  }
}
