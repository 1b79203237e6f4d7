import { disableTenantRowLevelSecurity, enableTenantRowLevelSecurity } from '@mate/database';
import { JOB_QUEUE_SCHEMA } from '@mate/jobs';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Digests and delivery claims.
 *
 * A digest is one delivery per tenant, channel, target and send time (`digest_at`, unique), with
 * no alert of its own: `digest_entries` lists its alerts. Two replicas adding alerts to one
 * window meet on that unique index and the delivery row's lock, so a window has one message.
 *
 * The delivery and escalation queues leave pg-boss's `stately` policy for `standard`: with `stately`, a job whose
 * delivery was still running (or whose replica died, until pg-boss expires it minutes later) kept
 * the next job of the same delivery from being fetched, and since pg-boss fetches in creation
 * order and swallows that conflict, a fetch came back empty while that job was the oldest waiting. The
 * sweeps' claims (`delivery_schedule.due_at`, `escalation_schedule.due_at` moved past the job's
 * time) keep them from handing a running one out again, and the row locks plus the due times make
 * any duplicate job a no-op.
 */
export class NotificationsDigestsAndDeliveryClaims1767400000040 implements MigrationInterface {
  name = 'NotificationsDigestsAndDeliveryClaims1767400000040';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table deliveries alter column alert_id drop not null`);
    await queryRunner.query(`alter table deliveries add column digest_at timestamptz`);
    await queryRunner.query(`alter table deliveries add constraint deliveries_alert_or_digest check ((alert_id is null) <> (digest_at is null))`);
    await queryRunner.query(`create unique index deliveries_one_digest_per_window on deliveries (tenant_id, channel, target_id, digest_at) where digest_at is not null`);
    await queryRunner.query(`
      create table digest_entries (
        delivery_id uuid not null references deliveries (id),
        alert_id uuid not null references alerts (id),
        tenant_id uuid not null,
        notification text not null,
        added_at timestamptz not null,
        primary key (delivery_id, alert_id)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'digest_entries');
    await queryRunner.query(`update ${JOB_QUEUE_SCHEMA}.queue set policy = 'standard', updated_on = now() where name in ('notification-delivery', 'notification-escalation')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`update ${JOB_QUEUE_SCHEMA}.queue set policy = 'stately', updated_on = now() where name in ('notification-delivery', 'notification-escalation')`);
    await disableTenantRowLevelSecurity(queryRunner, 'digest_entries');
    await queryRunner.query(`drop table digest_entries`);
    await queryRunner.query(`delete from delivery_attempts where delivery_id in (select id from deliveries where digest_at is not null)`);
    await queryRunner.query(`delete from delivery_schedule where delivery_id in (select id from deliveries where digest_at is not null)`);
    await queryRunner.query(`delete from deliveries where digest_at is not null`);
    await queryRunner.query(`drop index deliveries_one_digest_per_window`);
    await queryRunner.query(`alter table deliveries drop constraint deliveries_alert_or_digest`);
    await queryRunner.query(`alter table deliveries drop column digest_at`);
    await queryRunner.query(`alter table deliveries alter column alert_id set not null`);
  }
}
