import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { partitionKey } from './dead-letter-growth';

/** How far each dead-letter partition has been counted; in the operations tenant's transaction. */
@Injectable()
export class DeadLetterWatermarkRepository {
  /** Locked: two checks racing (a slow one overtaken by the next interval) count each letter once. */
  async countedUntil(manager: EntityManager, tenantId: string): Promise<Map<string, bigint>> {
    const rows: Array<{ topic: string; partition: number; counted_until: string }> = await manager.query(
      `select topic, partition, counted_until::text from dead_letter_watermarks where tenant_id = $1 for update`,
      [tenantId],
    );
    return new Map(rows.map((row) => [partitionKey(row.topic, row.partition), BigInt(row.counted_until)]));
  }

  async record(manager: EntityManager, tenantId: string, offsets: ReadonlyArray<{ topic: string; partition: number; high: bigint }>, at: Date): Promise<void> {
    if (offsets.length === 0) return;
    await manager.query(
      `insert into dead_letter_watermarks (tenant_id, topic, partition, counted_until, checked_at)
       select $1, topic, partition, counted_until, $5 from unnest($2::text[], $3::int[], $4::bigint[]) as o(topic, partition, counted_until)
       on conflict (tenant_id, topic, partition) do update set counted_until = excluded.counted_until, checked_at = excluded.checked_at`,
      [tenantId, offsets.map((o) => o.topic), offsets.map((o) => o.partition), offsets.map((o) => o.high.toString()), at],
    );
  }
}
