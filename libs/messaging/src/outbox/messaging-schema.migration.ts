import type { MigrationInterface, QueryRunner } from 'typeorm';

export const OUTBOX_TABLE = 'mate_outbox';
export const INBOX_TABLE = 'mate_inbox';
/** NOTIFY channel: an insert into the outbox wakes the relay when its transaction commits. */
export const OUTBOX_CHANNEL = 'mate_outbox';

/**
 * The outbox and inbox tables every service needs. Include this migration in the service's
 * migration list. They are platform tables without row-level security: the relay publishes for
 * all tenants, and consumers dedupe before they know the handler's tenant-scoped effects.
 */
export class MessagingSchema1764300000000 implements MigrationInterface {
  name = 'MessagingSchema1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table ${OUTBOX_TABLE} (
        id bigint generated always as identity primary key,
        event_id uuid not null unique,
        topic text not null,
        message_key text not null,
        event_type text not null,
        source text not null,
        subject text not null,
        tenant_id uuid not null,
        event_time timestamptz not null,
        payload bytea not null,
        traceparent text,
        tracestate text,
        created_at timestamptz not null default clock_timestamp()
      )`);
    await queryRunner.query(`
      create table ${INBOX_TABLE} (
        consumer_group text not null,
        event_id uuid not null,
        event_type text not null,
        processed_at timestamptz not null default clock_timestamp(),
        primary key (consumer_group, event_id)
      )`);
    await queryRunner.query(`create index ${OUTBOX_TABLE}_created_at_idx on ${OUTBOX_TABLE} (created_at, id)`);
    await queryRunner.query(`create index ${INBOX_TABLE}_processed_at_idx on ${INBOX_TABLE} (processed_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table ${INBOX_TABLE}`);
    await queryRunner.query(`drop table ${OUTBOX_TABLE}`);
  }
}
