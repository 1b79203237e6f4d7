import { enableTenantRowLevelSecurity } from '@mate/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The connectors schema: tenants' data keys, connections (credentials and cached sessions sealed
 * by the tenant's data key), their transitions and failures, API tokens and connect sessions
 * (hashes only), and the cross-tenant connection index. Tenant tables have row-level security.
 */
export class ConnectorsSchema1796371618857 implements MigrationInterface {
  name = 'ConnectorsSchema1796371618857';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.createConnections(queryRunner);
    await this.createHistory(queryRunner);
    await this.createAccessAndIndex(queryRunner);
    await this.isolateTenants(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['connection_index', 'connect_sessions', 'connection_api_tokens', 'connection_failures', 'connection_transitions', 'connections', 'tenant_data_keys', 'outbound_allow_lists']) {
      await queryRunner.query(`drop table ${table}`);
    }
  }

  /** Tenants' data keys and the connections they seal. */
  private async createConnections(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table tenant_data_keys (
        tenant_id uuid not null,
        version integer not null,
        master_key_version integer not null,
        wrapped_key bytea not null,
        created_at timestamptz not null,
        rewrapped_at timestamptz,
        primary key (tenant_id, version)
      )`);
    await queryRunner.query(`
      create table connections (
        id uuid primary key,
        tenant_id uuid not null,
        system text not null,
        auth_kind text not null,
        display_name text not null,
        base_url text not null,
        settings jsonb not null default '{}',
        status text not null check (status in ('connected', 'degraded', 'reauth_required', 'paused', 'disconnected')),
        paused_from text,
        transient_failures integer not null default 0,
        window_started_at timestamptz,
        credentials_ciphertext bytea,
        data_key_version integer not null,
        session_ciphertext bytea,
        session_expires_at timestamptz,
        last_success_at timestamptz,
        last_failure_at timestamptz,
        last_failure_class text,
        failure_count integer not null default 0,
        probe_interval_seconds integer not null,
        version integer not null,
        created_by text not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    await queryRunner.query(`create index connections_tenant_created_idx on connections (tenant_id, created_at, id)`);
  }

  /** Each connection's transitions and failures (the health endpoint). */
  private async createHistory(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table connection_transitions (
        id uuid primary key,
        tenant_id uuid not null,
        connection_id uuid not null references connections (id),
        from_status text not null,
        to_status text not null,
        reason text not null,
        occurred_at timestamptz not null
      )`);
    await queryRunner.query(`create index connection_transitions_connection_idx on connection_transitions (connection_id, occurred_at desc)`);
    await queryRunner.query(`
      create table connection_failures (
        id uuid primary key,
        tenant_id uuid not null,
        connection_id uuid not null references connections (id),
        classification text not null,
        operation text not null,
        upstream_status integer,
        occurred_at timestamptz not null
      )`);
    await queryRunner.query(`create index connection_failures_connection_idx on connection_failures (connection_id, occurred_at desc)`);
  }

  /** API tokens and connect sessions (hashes only), the cross-tenant index, the SSRF allow-lists. */
  private async createAccessAndIndex(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table connection_api_tokens (
        id uuid primary key,
        tenant_id uuid not null,
        connection_id uuid not null references connections (id),
        token_hash bytea not null unique,
        created_at timestamptz not null,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`
      create table connect_sessions (
        id uuid primary key,
        tenant_id uuid not null,
        connection_id uuid not null references connections (id),
        token_hash bytea not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_by text not null,
        created_at timestamptz not null
      )`);
    await queryRunner.query(`
      create table connection_index (
        connection_id uuid primary key references connections (id),
        tenant_id uuid not null,
        system text not null,
        status text not null,
        probe_interval_seconds integer not null,
        next_probe_at timestamptz not null
      )`);
    await queryRunner.query(`create index connection_index_due_idx on connection_index (next_probe_at) where status in ('connected', 'degraded')`);
    await queryRunner.query(`
      create table outbound_allow_lists (
        tenant_id uuid primary key,
        entries text[] not null,
        updated_by text not null,
        updated_at timestamptz not null
      )`);
  }

  /** Row-level security on tenant tables; the rest holds no secret. */
  private async isolateTenants(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['tenant_data_keys', 'connections', 'connection_transitions', 'connection_failures', 'outbound_allow_lists']) {
      await enableTenantRowLevelSecurity(queryRunner, table);
    }
    // Without row-level security on purpose, and holding nothing secret (hashes, ids, times): a
    // bearer token (connect session, connection API token) arrives without a tenant login, and the
    // probe scheduler looks across tenants for what is due. Each lookup yields a tenant id; the
    // rest runs in that tenant's transaction under row-level security.
    for (const table of ['connect_sessions', 'connection_api_tokens', 'connection_index']) {
      await queryRunner.query(`comment on table ${table} is 'no row-level security: read across tenants (token lookups, probe scheduling, metrics); holds no secret'`);
    }
  }
}
