import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live stream's numbers (`alerts.feed_seq`, the SSE event id a reader resumes after) are taken
 * when the transaction commits, under the tenant's feed lock, by deferred triggers: numbers still
 * commit in order (a reader resuming after N never misses a smaller number committed later), but
 * the lock is held only while committing. Taken by the repository at the first change, it was held
 * for the whole transaction, so a burst of alerts (B8: a run of events per transaction on several
 * partitions at once) committed one transaction at a time.
 */
export class NotificationsFeedNumberedAtCommit1767400000070 implements MigrationInterface {
  name = 'NotificationsFeedNumberedAtCommit1767400000070';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create function alerts_number_feed() returns trigger language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(hashtextextended('alert-feed:' || new.tenant_id::text, 0));
        update alerts set feed_seq = nextval('alert_feed_seq') where tenant_id = new.tenant_id and id = new.id;
        return null;
      end $$`);
    await queryRunner.query(`
      create constraint trigger alerts_feed_on_insert after insert on alerts
        deferrable initially deferred for each row execute function alerts_number_feed()`);
    // The trigger's own update changes feed_seq and so does not fire it again; any other change does.
    await queryRunner.query(`
      create constraint trigger alerts_feed_on_update after update on alerts
        deferrable initially deferred for each row
        when (old.feed_seq is not distinct from new.feed_seq) execute function alerts_number_feed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop trigger alerts_feed_on_update on alerts`);
    await queryRunner.query(`drop trigger alerts_feed_on_insert on alerts`);
    await queryRunner.query(`drop function alerts_number_feed()`);
  }
}
