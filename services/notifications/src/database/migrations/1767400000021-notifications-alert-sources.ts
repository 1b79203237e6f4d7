import { disableTenantRowLevelSecurity, enableTenantRowLevelSecurity } from '@mate/database';
import { createJobQueues, dropJobQueues, type JobQueueSpec } from '@mate/jobs';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['request_contacts', 'reorder_watches', 'dead_letter_watermarks'];
const QUEUES: JobQueueSpec[] = [{ name: 'notification-dead-letters-check', policy: 'stately' }];

/**
 * The alert sources of the other services' events:
 * - an alert may be for one person (`recipient_user_id`: only their inbox and stream show it) or
 *   an external requester (`recipient_email`: e-mailed, never shown in a response);
 * - how to reach a work request's requester (from WorkRequestSubmitted; the decision events do
 *   not carry it);
 * - the reorder point below which a part's stock opened an alert (PartStockChanged does not carry
 *   it, and says when stock is back);
 * - how far each partition of each dead-letter topic has been counted, for the operations tenant.
 */
export class NotificationsAlertSources1767400000021 implements MigrationInterface {
  name = 'NotificationsAlertSources1767400000021';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table alerts add column recipient_user_id text, add column recipient_email text`);
    await queryRunner.query(`
      create table request_contacts (
        tenant_id uuid not null,
        request_id text not null,
        requester_id text not null,
        title text not null,
        name text not null,
        email text not null,
        submitted_at timestamptz not null,
        primary key (tenant_id, request_id)
      )`);
    await queryRunner.query(`
      create table reorder_watches (
        tenant_id uuid not null,
        part_id text not null,
        storeroom_id text not null,
        reorder_point numeric not null,
        primary key (tenant_id, part_id, storeroom_id)
      )`);
    await queryRunner.query(`
      create table dead_letter_watermarks (
        tenant_id uuid not null,
        topic text not null,
        partition int not null,
        counted_until bigint not null,
        checked_at timestamptz not null,
        primary key (tenant_id, topic, partition)
      )`);
    for (const table of TABLES) await enableTenantRowLevelSecurity(queryRunner, table);
    await createJobQueues(queryRunner, QUEUES);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropJobQueues(queryRunner, QUEUES);
    for (const table of [...TABLES].reverse()) {
      await disableTenantRowLevelSecurity(queryRunner, table);
      await queryRunner.query(`drop table ${table}`);
    }
    await queryRunner.query(`alter table alerts drop column recipient_user_id, drop column recipient_email`);
  }
}
