import { enableTenantRowLevelSecurity } from '@mate/database';
import { createJobQueues, dropJobQueues, type JobQueueSpec } from '@mate/jobs';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One run (a slice of pages) at a time per job; the schedule round is one recurring key. */
const QUEUES: JobQueueSpec[] = [
  { name: 'connector-sync-run', policy: 'standard' },
  { name: 'connector-sync-schedule-round', policy: 'stately' },
];

/**
 * The sync store (src/sync): synced records as the system sent them (remote_data, raw) per
 * connection × entity, the sync state (generation, watermark), the runs with their checkpoint, and
 * the schedules. Unified records are not stored: they are computed at read time from remote_data
 * with the connection's current settings.
 */
export class Sync1796371618861 implements MigrationInterface {
  name = 'Sync1796371618861';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table sync_records (
        tenant_id uuid not null,
        connection_id uuid not null references connections (id),
        entity text not null,
        remote_id text not null,
        remote_updated_at timestamptz,
        remote_deleted boolean not null default false,
        remote_data jsonb not null,
        generation bigint not null,
        first_synced_at timestamptz not null,
        modified_at timestamptz not null,
        primary key (connection_id, entity, remote_id)
      )`);
    // Keyset pages of the read API (modified_after and the default order are the same order).
    await queryRunner.query(`create index sync_records_modified_idx on sync_records (connection_id, entity, modified_at, remote_id)`);
    await queryRunner.query(`
      create table sync_states (
        tenant_id uuid not null,
        connection_id uuid not null references connections (id),
        entity text not null,
        generation bigint not null default 0,
        watermark timestamptz,
        last_full_at timestamptz,
        primary key (connection_id, entity)
      )`);
    await this.createRuns(queryRunner);
    await queryRunner.query(`
      create table sync_schedules (
        connection_id uuid not null references connections (id),
        entity text not null,
        tenant_id uuid not null,
        mode text not null check (mode in ('full', 'incremental')),
        interval_seconds integer not null check (interval_seconds >= 60),
        next_run_at timestamptz not null,
        created_by text not null,
        updated_at timestamptz not null,
        primary key (connection_id, entity)
      )`);
    await queryRunner.query(`create index sync_schedules_due_idx on sync_schedules (next_run_at)`);
    await queryRunner.query(`comment on table sync_schedules is 'no row-level security: the schedule round claims due rows across tenants; ids, modes and times only'`);
    for (const table of ['sync_records', 'sync_states', 'sync_runs']) await enableTenantRowLevelSecurity(queryRunner, table);
    await createJobQueues(queryRunner, QUEUES);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropJobQueues(queryRunner, QUEUES);
    for (const table of ['sync_schedules', 'sync_runs', 'sync_states', 'sync_records']) await queryRunner.query(`drop table ${table}`);
  }

  /** A run and its checkpoint (cursor, pages and records done), committed with each page. */
  private async createRuns(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table sync_runs (
        id uuid primary key,
        tenant_id uuid not null,
        connection_id uuid not null references connections (id),
        entity text not null,
        mode text not null check (mode in ('full', 'incremental')),
        scan text not null check (scan in ('full_scan', 'modified_since')),
        delete_strategy text not null,
        trigger text not null,
        status text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'stopped_auth', 'stopped_paused', 'superseded')),
        generation bigint not null,
        modified_since timestamptz,
        cursor text,
        pages_done integer not null default 0,
        records_done integer not null default 0,
        upserted integer not null default 0,
        unchanged integer not null default 0,
        deleted integer not null default 0,
        total_estimate integer,
        max_remote_updated_at timestamptz,
        resumed_from uuid references sync_runs (id),
        error text,
        requested_by text not null,
        created_at timestamptz not null,
        started_at timestamptz,
        checkpoint_at timestamptz,
        finished_at timestamptz
      )`);
    await queryRunner.query(`create index sync_runs_connection_idx on sync_runs (connection_id, created_at desc, id desc)`);
    // One active run per connection and entity.
    await queryRunner.query(`create unique index sync_runs_active_idx on sync_runs (connection_id, entity) where status in ('queued', 'running')`);
  }
}
