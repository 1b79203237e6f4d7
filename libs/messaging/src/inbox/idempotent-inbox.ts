import { withTenantTransaction } from '@mate/database';
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
  return withTenantTransaction(dataSource, envelope.tenantId, async (manager) => {
    const claimed = await claimInboxEntries(manager, consumerGroup, [envelope]);
    if (!claimed.has(envelope.id)) return 'duplicate';
    await effects(manager);
    return 'processed';
  });
}

/**
 * Inserts inbox rows for `envelopes` in the caller's transaction and returns the ids that were
 * new (claimed by this transaction); ids already in the inbox, or repeated in `envelopes`, are
 * claimed once at most. One statement, whatever the number of events.
 */
export async function claimInboxEntries(
  manager: EntityManager,
  consumerGroup: string,
  envelopes: readonly CloudEventEnvelope[],
): Promise<Set<string>> {
  const rows: Array<{ event_id: string }> = await manager.query(
    `insert into ${INBOX_TABLE} (consumer_group, event_id, event_type)
     select $1, event_id, event_type from unnest($2::uuid[], $3::text[]) as events(event_id, event_type)
     on conflict do nothing returning event_id`,
    [consumerGroup, envelopes.map((envelope) => envelope.id), envelopes.map((envelope) => envelope.type)],
  );
  return new Set(rows.map((row) => row.event_id));
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
