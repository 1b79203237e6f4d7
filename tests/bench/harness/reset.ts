import { setTimeout as sleep } from 'node:timers/promises';
import { PG_ERROR_CODES, postgresErrorCode } from '@mate/database';
import { Client } from 'pg';

export interface ResetOptions {
  /** Emptied by one TRUNCATE (with `cascade` when `cascade` is set). */
  truncate: readonly string[];
  cascade?: boolean;
  /** Run in the same transaction, after the TRUNCATE (e.g. resetting counters kept on other rows). */
  then?: readonly string[];
  /** `vacuum analyze`d afterwards, so each repetition starts from fresh statistics. */
  analyze?: readonly string[];
  /** How long to wait for the service's transactions to end before trying anyway (default 10 s). */
  settleMs?: number;
}

/** Both leave nothing half done: the transaction rolled back, the next attempt starts clean. */
const RETRYABLE = new Set<string>([PG_ERROR_CODES.DEADLOCK_DETECTED, PG_ERROR_CODES.LOCK_NOT_AVAILABLE]);
const ATTEMPTS = 20;
/** Below PostgreSQL's deadlock_timeout (1 s): we give up first, so the detector never picks the service's transaction. */
const LOCK_TIMEOUT = '250ms';

/**
 * Empties a benchmark's tables between repetitions without racing the service's own work.
 *
 * TRUNCATE takes an ACCESS EXCLUSIVE lock on one table after another. A transaction of the service
 * still running (a request the load generator stopped waiting for when its time was up, a relay
 * batch, a consumer's effect, the overdue scanner) holds locks on some of those tables and then
 * wants another: each waits for the other and PostgreSQL aborts one ("deadlock detected"). So:
 * wait until no other session of the database is inside a transaction, then truncate under a short
 * lock timeout, never waiting while holding a lock for long; on a conflict roll back and try again.
 */
export async function resetTables(ownerUrl: string, options: ResetOptions): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await untilNoOtherTransaction(client, options.settleMs ?? 10_000);
    await truncateWithRetry(client, options);
    if (options.analyze?.length) await client.query(`vacuum analyze ${options.analyze.join(', ')}`);
  } finally {
    await client.end();
  }
}

async function untilNoOtherTransaction(client: Client, settleMs: number): Promise<void> {
  const deadline = Date.now() + settleMs;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null`,
    );
    if (rows[0].n === 0) return;
    await sleep(50);
  }
}

async function truncateWithRetry(client: Client, options: ResetOptions): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.query('begin');
      await client.query(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
      await client.query(`truncate ${options.truncate.join(', ')}${options.cascade ? ' cascade' : ''}`);
      for (const statement of options.then ?? []) await client.query(statement);
      await client.query('commit');
      return;
    } catch (error) {
      await client.query('rollback');
      const code = postgresErrorCode(error);
      if (attempt >= ATTEMPTS || code === undefined || !RETRYABLE.has(code)) throw error;
      await sleep(100 * Math.min(attempt, 5));
    }
  }
}
