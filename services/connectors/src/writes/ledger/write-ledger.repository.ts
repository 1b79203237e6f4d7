import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UnifiedEntity } from '../../adapters';
import type { WriteOperation } from '../capabilities/capability.types';
import { WriteLedgerEntry, type StoredAnswer } from './write-ledger.entity';

/** Every query of the write ledger; each runs in the caller's tenant transaction. */
@Injectable()
export class WriteLedgerRepository {
  /** The row of a key, locked so two retries of one write cannot both resume it. */
  async lock(manager: EntityManager, tenantId: string, connectionId: string, idempotencyKey: string): Promise<WriteLedgerEntry | null> {
    return manager
      .getRepository(WriteLedgerEntry)
      .createQueryBuilder('w')
      .setLock('pessimistic_write')
      .where('w.tenant_id = :tenantId and w.connection_id = :connectionId and w.idempotency_key = :idempotencyKey and w.expires_at > now()', { tenantId, connectionId, idempotencyKey })
      .getOne();
  }

  /** Records the intent; false when another request claimed the key first (the caller looks again). */
  async claim(manager: EntityManager, entry: WriteLedgerEntry): Promise<boolean> {
    // Expired rows are history: this key may be taken again, and a few of the connection's old rows go each time (no sweeper needed).
    await manager.query(
      `delete from write_ledger where ctid in (
         select ctid from write_ledger where tenant_id = $1 and connection_id = $2 and expires_at <= now() order by expires_at limit 100)
         or (tenant_id = $1 and connection_id = $2 and idempotency_key = $3 and expires_at <= now())`,
      [entry.tenantId, entry.connectionId, entry.idempotencyKey],
    );
    const inserted: unknown[] = await manager.query(
      `insert into write_ledger (tenant_id, connection_id, idempotency_key, id, entity, operation, remote_id, request_hash, tag, state, attempts, lease_until, created_at, updated_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', 1, $10, $11, $11, $12)
       on conflict do nothing returning id`,
      [entry.tenantId, entry.connectionId, entry.idempotencyKey, entry.id, entry.entity, entry.operation, entry.remoteId, entry.requestHash, entry.tag, entry.leaseUntil, entry.createdAt, entry.expiresAt],
    );
    return inserted.length > 0;
  }

  async resume(manager: EntityManager, entry: WriteLedgerEntry, leaseUntil: Date): Promise<void> {
    await manager.update(WriteLedgerEntry, keyOf(entry), { attempts: entry.attempts + 1, leaseUntil, updatedAt: new Date() });
  }

  async finish(manager: EntityManager, entry: WriteLedgerEntry, outcome: { state: 'succeeded' | 'failed'; remoteId?: string | null; answer: StoredAnswer; failureClass?: string }): Promise<void> {
    await manager.query(
      `update write_ledger set state = $4, remote_id = $5, response_status = $6, response_body = $7, failure_class = $8, lease_until = null, updated_at = now()
        where tenant_id = $1 and connection_id = $2 and idempotency_key = $3`,
      [entry.tenantId, entry.connectionId, entry.idempotencyKey, outcome.state, outcome.remoteId ?? entry.remoteId, outcome.answer.status, JSON.stringify(outcome.answer.body), outcome.failureClass ?? null],
    );
  }

  /** The outcome is unknown (reply lost, upstream unavailable): the lease ends now so a retry resumes at once. */
  async release(manager: EntityManager, entry: WriteLedgerEntry): Promise<void> {
    await manager.update(WriteLedgerEntry, keyOf(entry), { leaseUntil: new Date(), updatedAt: new Date() });
  }

  /** Which of these remote records other writes of the connection are known to have created (an in-doubt create's look-up leaves them out). */
  async createdByWrites(manager: EntityManager, connectionId: string, entity: UnifiedEntity, remoteIds: readonly string[]): Promise<Set<string>> {
    if (remoteIds.length === 0) return new Set();
    const rows: { remote_id: string }[] = await manager.query(
      `select remote_id from write_ledger where connection_id = $1 and entity = $2 and operation = 'create' and state = 'succeeded' and remote_id = any($3::text[])`,
      [connectionId, entity, [...remoteIds]],
    );
    return new Set(rows.map((row) => row.remote_id));
  }

  /** The operations the connected account was refused (permission_denied) since `since`, newest first. */
  async refusals(manager: EntityManager, connectionId: string, since: Date): Promise<{ entity: UnifiedEntity; operation: WriteOperation; at: Date }[]> {
    const rows: { entity: UnifiedEntity; operation: WriteOperation; at: Date }[] = await manager.query(
      // The latest finished write per entity and operation tells: refused, unless a later one succeeded.
      `select entity, operation, updated_at as at from (
         select distinct on (entity, operation) entity, operation, updated_at, failure_class from write_ledger
          where connection_id = $1 and updated_at > $2 and (state = 'succeeded' or failure_class = 'permission_denied')
          order by entity, operation, updated_at desc) latest
        where failure_class = 'permission_denied'`,
      [connectionId, since],
    );
    return rows;
  }
}

function keyOf(entry: WriteLedgerEntry): Pick<WriteLedgerEntry, 'tenantId' | 'connectionId' | 'idempotencyKey'> {
  return { tenantId: entry.tenantId, connectionId: entry.connectionId, idempotencyKey: entry.idempotencyKey };
}
