import type { EntityManager } from 'typeorm';

/**
 * The advisory lock between the projection's readers and writers (shared, per transaction) and a
 * switch of generations (exclusive): no transaction straddles a switch, and a retired generation
 * is dropped only once nobody reads it.
 */
export const GENERATION_LOCK_SQL = `hashtext('mate.reporting.generation')`;

/** Where the projection tables of a transaction are: the active generation, or a named one (a rebuild). */
export interface ProjectionTarget {
  /** The schema of the generation being built; undefined: the active generation. */
  schema?: string;
}

export const PROJECTION_TARGET = Symbol('PROJECTION_TARGET');

const SCHEMA_NAME = /^reporting_g[0-9]+$/;

/**
 * Points the transaction's unqualified table names at a generation's schema (public stays
 * reachable for the inbox and the generation registry). The active one is looked up under the
 * shared lock, so a switch waits for this transaction and the next one sees the new generation.
 */
export async function enterGeneration(manager: EntityManager, target: ProjectionTarget = {}): Promise<void> {
  if (target.schema !== undefined) {
    if (!SCHEMA_NAME.test(target.schema)) throw new Error(`not a projection schema: ${target.schema}`);
    await manager.query(`select set_config('search_path', $1 || ', public', true)`, [target.schema]);
    return;
  }
  // Two statements: the second's snapshot (read committed) is taken after the lock is granted, so
  // a transaction that waited for a switch sees the generation switched to.
  await manager.query(`select pg_advisory_xact_lock_shared(${GENERATION_LOCK_SQL})`);
  const rows = await manager.query<{ schema_name: string }[]>(
    `select set_config('search_path', schema_name || ', public', true) as schema_name from projection_generations where state = 'active'`,
  );
  if (rows.length !== 1) throw new Error('no active projection generation (run the migrations)');
}
