import { setTenant } from '@mate/database';
import type { DataSource, EntityManager } from 'typeorm';
import type { CloudEventEnvelope } from '../envelope/cloud-event-envelope';
import { INBOX_TABLE } from '../outbox/messaging-schema.migration';

export type InboxOutcome = 'processed' | 'duplicate';

/**
 * Runs a handler's effects and records the event in the inbox in ONE transaction, so a
 * redelivered event (same `ce_id`) finds its inbox row and has no second effect.
 * Two replicas racing on one event serialize on the inbox primary key: the loser sees a conflict
 * after the winner commits and skips. The tenant is set for row-level security first.
 */
export async function processOnce(
  dataSource: DataSource,
  consumerGroup: string,
  envelope: CloudEventEnvelope,
  effects: (manager: EntityManager) => Promise<void>,
): Promise<InboxOutcome> {
  return dataSource.transaction(async (manager) => {
    await setTenant(manager, envelope.tenantId);
    const inserted: unknown[] = await manager.query(
      `insert into ${INBOX_TABLE} (consumer_group, event_id, event_type) values ($1, $2, $3)
       on conflict do nothing returning event_id`,
      [consumerGroup, envelope.id, envelope.type],
    );
    if (inserted.length === 0) return 'duplicate';
    await effects(manager);
    return 'processed';
  });
}

/**
 * Deletes inbox rows older than `retentionDays`, in bounded batches. The retention must exceed
 * how long a message can come back: the topic retention, and the dead-letter retention (a replay
 * of a month-old dead letter reaches groups that processed it back then). Returns rows deleted.
 */
export async function pruneInbox(dataSource: DataSource, retentionDays: number, batchSize = 10_000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows: unknown[] = await dataSource.query(
      `delete from ${INBOX_TABLE} where ctid in (
         select ctid from ${INBOX_TABLE} where processed_at < now() - make_interval(days => $1) limit $2
       ) returning 1`,
      [retentionDays, batchSize],
    );
    deleted += rows.length;
    if (rows.length < batchSize) return deleted;
  }
}
