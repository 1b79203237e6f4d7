import { enableTenantRowLevelSecurity } from '@mate/database';
import { INBOX_TABLE } from '@mate/messaging';
import type { DataSource, QueryRunner } from 'typeorm';
import { GENERATION_LOCK_SQL } from '../generations';

export interface Generation {
  generation: number;
  schema: string;
  consumerGroup: string;
}

/** A partition the new generation has not yet projected as far as the active one. */
export interface PartitionBehind {
  topic: string;
  partition: number;
}

/** Offsets the rebuild's consumer group has committed: topic → partition → next offset to read. */
export type CommittedOffsets = ReadonlyMap<string, ReadonlyMap<number, bigint>>;

interface GenerationRow {
  generation: number;
  schema_name: string;
  consumer_group: string;
}

const generationOf = (row: GenerationRow): Generation => ({ generation: row.generation, schema: row.schema_name, consumerGroup: row.consumer_group });

/**
 * The projection generations, as the database owner sees them (the rebuild creates and drops
 * schemas): `projection_generations` in public says which one answers.
 */
export class GenerationStore {
  constructor(private readonly owner: DataSource) {}

  async active(): Promise<Generation> {
    const [row] = await this.owner.query<GenerationRow[]>(`select generation, schema_name, consumer_group from projection_generations where state = 'active'`);
    if (!row) throw new Error('no active projection generation (run the migrations)');
    return generationOf(row);
  }

  /** Generations a rebuild began and never switched to (it crashed): dropped; their consumer groups returned. */
  async abandonBuilding(): Promise<string[]> {
    const rows = await this.owner.query<GenerationRow[]>(`select generation, schema_name, consumer_group from projection_generations where state = 'building'`);
    for (const row of rows) {
      await this.drop(generationOf(row));
      await this.forgetConsumerGroup(row.consumer_group);
    }
    return rows.map((row) => row.consumer_group);
  }

  /**
   * The next generation: a new schema with the active generation's tables (their columns,
   * defaults, keys and indexes; row-level security as they have it), empty.
   */
  async createNext(consumerGroupPrefix: string): Promise<Generation> {
    const active = await this.active();
    const [{ next }] = await this.owner.query<{ next: number }[]>(`select coalesce(max(generation), 0) + 1 as next from projection_generations`);
    const generation: Generation = { generation: next, schema: `reporting_g${next}`, consumerGroup: `${consumerGroupPrefix}-g${next}` };
    await this.inTransaction(async (runner) => {
      await runner.query(`create schema ${generation.schema}`);
      const tables: { name: string; secured: boolean }[] = await runner.query(
        `select c.relname as name, c.relrowsecurity as secured from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = $1 and c.relkind = 'r' order by c.relname`,
        [active.schema],
      );
      await runner.query(`select set_config('search_path', $1 || ', public', true)`, [generation.schema]);
      for (const table of tables) {
        await runner.query(`create table ${generation.schema}."${table.name}" (like ${active.schema}."${table.name}" including all)`);
        if (table.secured) await enableTenantRowLevelSecurity(runner, table.name);
      }
      await runner.query(`insert into projection_generations (generation, schema_name, state, consumer_group) values ($1, $2, 'building', $3)`, [
        generation.generation,
        generation.schema,
        generation.consumerGroup,
      ]);
    });
    return generation;
  }

  /**
   * Switches reads and the live consumer over to `next`, atomically, if it has every event the
   * active generation has: for each partition of `topics` the active one projected, `next` projected
   * as far, or its consumer group read past it. Under the exclusive generation lock: no reader or
   * live handler is inside a transaction meanwhile, and each after it enters `next`.
   */
  async trySwitch(next: Generation, topics: readonly string[], committed: () => Promise<CommittedOffsets>): Promise<PartitionBehind[]> {
    return this.inTransaction(async (runner) => {
      await runner.query(`select pg_advisory_xact_lock(${GENERATION_LOCK_SQL})`);
      const active = await this.active();
      const rows: { topic: string; partition: number; active_offset: string }[] = await runner.query(
        `select o.topic, o.partition, o.last_offset::text as active_offset
           from ${active.schema}.projection_progress o
           left join ${next.schema}.projection_progress n on n.topic = o.topic and n.partition = o.partition
          where o.topic = any($1::text[]) and (n.last_offset is null or n.last_offset < o.last_offset)`,
        [topics],
      );
      const offsets = rows.length > 0 ? await committed() : new Map<string, Map<number, bigint>>();
      const behind = rows.filter((row) => (offsets.get(row.topic)?.get(row.partition) ?? -1n) <= BigInt(row.active_offset));
      if (behind.length > 0) return behind.map(({ topic, partition }) => ({ topic, partition }));
      await runner.query(`update projection_generations set state = 'retired' where state = 'active'`);
      await runner.query(`update projection_generations set state = 'active', activated_at = now() where generation = $1`, [next.generation]);
      return [];
    });
  }

  /** Drops a generation's tables once no transaction reads them any more (the exclusive lock). */
  async drop(generation: Generation): Promise<void> {
    await this.inTransaction(async (runner) => {
      await runner.query(`select pg_advisory_xact_lock(${GENERATION_LOCK_SQL})`);
      await runner.query(`drop schema if exists ${generation.schema} cascade`);
      await runner.query(`delete from projection_generations where generation = $1 and state <> 'active'`, [generation.generation]);
    });
  }

  /** The inbox rows of a rebuild's consumer group: it is gone, nothing comes to it again. */
  async forgetConsumerGroup(consumerGroup: string): Promise<void> {
    await this.owner.query(`delete from ${INBOX_TABLE} where consumer_group = $1`, [consumerGroup]);
  }

  private async inTransaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.owner.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}
