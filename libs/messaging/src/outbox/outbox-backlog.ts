import type { DataSource } from 'typeorm';
import { OUTBOX_TABLE } from './messaging-schema.migration';

/** Counts unpublished outbox rows, stopping at `limit` so a huge backlog stays cheap to check. */
export async function countOutboxBacklog(dataSource: DataSource, limit: number): Promise<number> {
  const rows: Array<{ count: string }> = await dataSource.query(
    `select count(*) as count from (select 1 from ${OUTBOX_TABLE} limit $1) as backlog`,
    [limit],
  );
  return Number(rows[0]?.count ?? 0);
}
