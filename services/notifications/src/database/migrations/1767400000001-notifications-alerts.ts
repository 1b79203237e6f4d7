import { disableTenantRowLevelSecurity, enableTenantRowLevelSecurity } from '@mate/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['alerts', 'alert_rules', 'webhook_endpoints', 'recipient_lists', 'deliveries', 'delivery_attempts'];

/**
 * Alerts, routing rules, webhook and chat endpoints, e-mail recipient lists, deliveries and their log, each isolated by tenant.
 * One unresolved alert per tenant and deduplication key is a partial unique index, so two
 * replicas handling two failures of one connection at once cannot both open an alert.
 */
export class NotificationsAlerts1767400000001 implements MigrationInterface {
  name = 'NotificationsAlerts1767400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createAlerts(queryRunner);
    await createRulesAndTargets(queryRunner);
    await createDeliveries(queryRunner);
    for (const table of TABLES) await enableTenantRowLevelSecurity(queryRunner, table);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table delivery_schedule`);
    await queryRunner.query(`drop sequence alert_feed_seq cascade`);
    for (const table of [...TABLES].reverse()) {
      await disableTenantRowLevelSecurity(queryRunner, table);
      await queryRunner.query(`drop table ${table}`);
    }
  }
}

async function createAlerts(queryRunner: QueryRunner): Promise<void> {
    // Every change of an alert takes the next number: the live stream's event id (Last-Event-ID).
    await queryRunner.query(`create sequence alert_feed_seq`);
    await queryRunner.query(`
      create table alerts (
        id uuid primary key,
        tenant_id uuid not null,
        type text not null,
        severity text not null check (severity in ('info', 'warning', 'critical')),
        subject_kind text not null,
        subject_id text not null,
        subject_name text,
        dedupe_key text not null,
        status text not null check (status in ('open', 'acknowledged', 'resolved', 'muted')),
        title text not null,
        summary text not null,
        occurrence_count int not null check (occurrence_count > 0),
        first_seen_at timestamptz not null,
        last_seen_at timestamptz not null,
        event_ids text[] not null,
        escalation_level int not null default 0,
        acknowledged_by text,
        acknowledged_at timestamptz,
        resolved_by text,
        resolved_at timestamptz,
        version int not null,
        updated_at timestamptz not null,
        feed_seq bigint not null default nextval('alert_feed_seq')
      )`);
    await queryRunner.query(`create index alerts_feed on alerts (tenant_id, feed_seq)`);
    await queryRunner.query(`create unique index alerts_one_unresolved_per_key on alerts (tenant_id, dedupe_key) where status <> 'resolved'`);
    await queryRunner.query(`create index alerts_by_subject on alerts (tenant_id, subject_kind, subject_id) where status <> 'resolved'`);
    await queryRunner.query(`create index alerts_keyset on alerts (tenant_id, last_seen_at desc, id desc)`);
}

async function createRulesAndTargets(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table alert_rules (
        id uuid primary key,
        tenant_id uuid not null,
        name text not null,
        alert_types text[] not null,
        min_severity text not null check (min_severity in ('info', 'warning', 'critical')),
        targets jsonb not null,
        quiet_hours jsonb,
        digest boolean not null,
        escalation jsonb,
        enabled boolean not null,
        version int not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    await queryRunner.query(`create index alert_rules_by_tenant on alert_rules (tenant_id, created_at, id)`);
    await queryRunner.query(`
      create table webhook_endpoints (
        id uuid primary key,
        tenant_id uuid not null,
        kind text not null check (kind in ('webhook', 'slack', 'teams')),
        url text not null,
        description text not null,
        secrets text[] not null,
        enabled boolean not null,
        failing_since timestamptz,
        disabled_at timestamptz,
        version int not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    await queryRunner.query(`
      create table recipient_lists (
        id uuid primary key,
        tenant_id uuid not null,
        name text not null,
        emails text[] not null,
        version int not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
}

async function createDeliveries(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table deliveries (
        id uuid primary key,
        tenant_id uuid not null,
        alert_id uuid not null references alerts (id),
        notification text not null,
        channel text not null,
        target_id uuid not null,
        status text not null check (status in ('pending', 'delivered', 'failed')),
        attempts int not null,
        first_attempt_at timestamptz,
        next_attempt_at timestamptz,
        last_error text,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    await queryRunner.query(`create index deliveries_due on deliveries (next_attempt_at) where status = 'pending'`);
    await queryRunner.query(`create index deliveries_by_alert on deliveries (tenant_id, alert_id)`);
    await queryRunner.query(`
      create table delivery_attempts (
        id bigint generated always as identity primary key,
        tenant_id uuid not null,
        delivery_id uuid not null references deliveries (id),
        attempt int not null,
        channel text not null,
        outcome text not null,
        response_status int,
        latency_ms int not null,
        error text,
        attempted_at timestamptz not null
      )`);
    await queryRunner.query(`create index delivery_attempts_by_delivery on delivery_attempts (tenant_id, delivery_id, attempt)`);
    // What is due, across tenants, for the sweep that hands deliveries to the job queue. Ids and
    // times only, so it needs no row-level security (the sweep belongs to no tenant).
    await queryRunner.query(`
      create table delivery_schedule (
        delivery_id uuid primary key references deliveries (id),
        tenant_id uuid not null,
        due_at timestamptz not null
      )`);
    await queryRunner.query(`create index delivery_schedule_due on delivery_schedule (due_at)`);
}
