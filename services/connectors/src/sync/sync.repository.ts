import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../adapters/upstream-reply';
import type { StoredRemoteRecord } from './sync-source';
import type { SyncMode, SyncRun, SyncRunStatus, SyncedEntity } from './sync.types';

const RUN_COLUMNS = `id, tenant_id, connection_id, entity, mode, scan, delete_strategy, trigger, status, generation, modified_since, cursor,
  pages_done, records_done, upserted, unchanged, deleted, total_estimate, max_remote_updated_at, resumed_from, error, requested_by,
  created_at, started_at, checkpoint_at, finished_at`;

type Row = Record<string, unknown>;

const date = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string));

function toRun(row: Row): SyncRun {
  return {
    id: row.id as string,
    tenantId: row.tenant_id as string,
    connectionId: row.connection_id as string,
    entity: row.entity as SyncedEntity,
    mode: row.mode as SyncMode,
    scan: row.scan as SyncRun['scan'],
    deleteStrategy: row.delete_strategy as SyncRun['deleteStrategy'],
    trigger: row.trigger as string,
    status: row.status as SyncRunStatus,
    generation: Number(row.generation),
    modifiedSince: date(row.modified_since),
    cursor: (row.cursor as string | null) ?? null,
    pagesDone: Number(row.pages_done),
    recordsDone: Number(row.records_done),
    upserted: Number(row.upserted),
    unchanged: Number(row.unchanged),
    deleted: Number(row.deleted),
    totalEstimate: row.total_estimate === null ? null : Number(row.total_estimate),
    maxRemoteUpdatedAt: date(row.max_remote_updated_at),
    resumedFrom: (row.resumed_from as string | null) ?? null,
    error: (row.error as string | null) ?? null,
    requestedBy: row.requested_by as string,
    createdAt: date(row.created_at) as Date,
    startedAt: date(row.started_at),
    checkpointAt: date(row.checkpoint_at),
    finishedAt: date(row.finished_at),
  };
}

/** One record of a page, ready to store. */
export interface IncomingRecord {
  remoteId: string;
  remoteUpdatedAt: string | null;
  remoteDeleted: boolean;
  remoteData: JsonObject;
}

/** What storing a page changed: the records new or changed (created: first seen), and the ones newly flagged deleted. */
export interface StoredPage {
  changed: { remoteId: string; created: boolean }[];
  newlyDeleted: string[];
}

export interface SyncState {
  generation: number;
  watermark: Date | null;
}

/** Every query of the sync store; each runs in the caller's tenant transaction (row-level security). */
@Injectable()
export class SyncRepository {
  async nextGeneration(manager: EntityManager, tenantId: string, connectionId: string, entity: SyncedEntity): Promise<SyncState> {
    const rows: Row[] = await manager.query(
      `insert into sync_states (tenant_id, connection_id, entity, generation) values ($1, $2, $3, 1)
       on conflict (connection_id, entity) do update set generation = sync_states.generation + 1
       returning generation, watermark`,
      [tenantId, connectionId, entity],
    );
    const row = rows[0] as Row;
    return { generation: Number(row.generation), watermark: date(row.watermark) };
  }

  async state(manager: EntityManager, connectionId: string, entity: SyncedEntity): Promise<SyncState | undefined> {
    const rows: Row[] = await manager.query(`select generation, watermark from sync_states where connection_id = $1 and entity = $2`, [connectionId, entity]);
    const row = rows[0];
    return row ? { generation: Number(row.generation), watermark: date(row.watermark) } : undefined;
  }

  async finishState(manager: EntityManager, connectionId: string, entity: SyncedEntity, watermark: Date | null, fullScan: boolean): Promise<void> {
    await manager.query(
      `update sync_states set watermark = greatest(watermark, $3), last_full_at = case when $4 then now() else last_full_at end
       where connection_id = $1 and entity = $2`,
      [connectionId, entity, watermark, fullScan],
    );
  }

  async insertRun(manager: EntityManager, run: SyncRun): Promise<void> {
    await manager.query(
      `insert into sync_runs (${RUN_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)`,
      [
        run.id, run.tenantId, run.connectionId, run.entity, run.mode, run.scan, run.deleteStrategy, run.trigger, run.status, run.generation,
        run.modifiedSince, run.cursor, run.pagesDone, run.recordsDone, run.upserted, run.unchanged, run.deleted, run.totalEstimate,
        run.maxRemoteUpdatedAt, run.resumedFrom, run.error, run.requestedBy, run.createdAt, run.startedAt, run.checkpointAt, run.finishedAt,
      ],
    );
  }

  async findRun(manager: EntityManager, connectionId: string, runId: string, lock = false): Promise<SyncRun | undefined> {
    const rows: Row[] = await manager.query(`select ${RUN_COLUMNS} from sync_runs where connection_id = $1 and id = $2 ${lock ? 'for update' : ''}`, [connectionId, runId]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async lockRunById(manager: EntityManager, runId: string): Promise<SyncRun | undefined> {
    const rows: Row[] = await manager.query(`select ${RUN_COLUMNS} from sync_runs where id = $1 for update`, [runId]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** The latest run of a connection × entity, to see whether one is active or resumable. */
  async latestRun(manager: EntityManager, connectionId: string, entity: SyncedEntity): Promise<SyncRun | undefined> {
    const rows: Row[] = await manager.query(`select ${RUN_COLUMNS} from sync_runs where connection_id = $1 and entity = $2 order by created_at desc, id desc limit 1`, [connectionId, entity]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** Newest first, keyset after (created_at, id). */
  async listRuns(manager: EntityManager, connectionId: string, limit: number, after?: { createdAt: string; id: string }): Promise<{ runs: SyncRun[]; raw: Row[] }> {
    const rows: Row[] = await manager.query(
      `select ${RUN_COLUMNS}, created_at::text as cursor_at, id::text as cursor_id from sync_runs where connection_id = $1
       ${after ? 'and (created_at, id) < ($3::timestamptz, $4::uuid)' : ''}
       order by created_at desc, id desc limit $2`,
      after ? [connectionId, limit, after.createdAt, after.id] : [connectionId, limit],
    );
    return { runs: rows.map(toRun), raw: rows };
  }

  async saveRun(manager: EntityManager, run: SyncRun): Promise<void> {
    await manager.query(
      `update sync_runs set status = $2, cursor = $3, pages_done = $4, records_done = $5, upserted = $6, unchanged = $7, deleted = $8,
         total_estimate = $9, max_remote_updated_at = $10, error = $11, started_at = $12, checkpoint_at = $13, finished_at = $14
       where id = $1`,
      [run.id, run.status, run.cursor, run.pagesDone, run.recordsDone, run.upserted, run.unchanged, run.deleted, run.totalEstimate, run.maxRemoteUpdatedAt, run.error, run.startedAt, run.checkpointAt, run.finishedAt],
    );
  }

  /**
   * Stores a page (remote ids unique within it) in one statement: every record gets the run's generation (what the full-scan
   * compare reads); its local modification time moves only when the raw record changed or its
   * deleted flag did. The CTEs read the rows as they were before the statement, which says which
   * records are new, changed or newly deleted (the events to publish). The earlier row of each
   * record is looked up by a scalar subquery per record (a primary-key probe the planner cannot
   * turn into a join): a join, or `remote_id = any(array)`, let the planner, with the statistics of
   * a table that started empty and was not analyzed yet (a first sync), scan the connection's whole
   * entity for every page (measured: 145 ms against 5 ms at 100,000 records). The page travels as
   * one JSON document (one serialisation, no per-record quoting into a text array).
   */
  async storePage(manager: EntityManager, run: SyncRun, records: readonly IncomingRecord[], now: Date): Promise<StoredPage> {
    if (records.length === 0) return { changed: [], newlyDeleted: [] };
    const rows: Row[] = await manager.query(
      `with incoming as (
         select * from jsonb_to_recordset($4::jsonb) as i(remote_id text, remote_updated_at timestamptz, remote_deleted boolean, remote_data jsonb)
       ), existing as materialized (
         select i.remote_id, (select s from sync_records s where s.connection_id = $2 and s.entity = $3 and s.remote_id = i.remote_id) as earlier
         from incoming i
       ), stored as (
         insert into sync_records as s (tenant_id, connection_id, entity, remote_id, remote_updated_at, remote_deleted, remote_data, generation, first_synced_at, modified_at)
         select $1, $2, $3, remote_id, remote_updated_at, remote_deleted, remote_data, $5, $6, $6 from incoming
         on conflict (connection_id, entity, remote_id) do update set
           generation = excluded.generation,
           remote_updated_at = excluded.remote_updated_at,
           remote_data = excluded.remote_data,
           remote_deleted = excluded.remote_deleted,
           modified_at = case when s.remote_data is distinct from excluded.remote_data or s.remote_deleted <> excluded.remote_deleted then excluded.modified_at else s.modified_at end
         returning 1
       )
       select remote_id, kind from (
         select i.remote_id, case
           when i.remote_deleted then case when (e.earlier).remote_id is not null and not (e.earlier).remote_deleted then 'deleted' end
           when (e.earlier).remote_id is null then 'created'
           when (e.earlier).remote_deleted or (e.earlier).remote_data is distinct from i.remote_data then 'updated'
         end as kind
         from incoming i join existing e on e.remote_id = i.remote_id
       ) as outcome where kind is not null`,
      [
        run.tenantId, run.connectionId, run.entity,
        pageJson(records),
        run.generation, now,
      ],
    );
    return {
      changed: rows.filter((row) => row.kind !== 'deleted').map((row) => ({ remoteId: row.remote_id as string, created: row.kind === 'created' })),
      newlyDeleted: rows.filter((row) => row.kind === 'deleted').map((row) => row.remote_id as string),
    };
  }

  /** The full-scan compare: records a complete scan of this generation did not see are deleted upstream. */
  async markUnseenDeleted(manager: EntityManager, run: SyncRun, now: Date): Promise<string[]> {
    // TypeORM answers an UPDATE … RETURNING as [rows, affected count].
    const [rows]: [Row[], number] = await manager.query(
      `update sync_records set remote_deleted = true, modified_at = $4
       where connection_id = $1 and entity = $2 and generation < $3 and not remote_deleted
       returning remote_id`,
      [run.connectionId, run.entity, run.generation, now],
    );
    return rows.map((row) => row.remote_id as string);
  }

  async records(manager: EntityManager, connectionId: string, entity: SyncedEntity, remoteIds: readonly string[]): Promise<StoredRemoteRecord[]> {
    const rows: Row[] = await manager.query(
      `select remote_id, remote_updated_at, remote_deleted, remote_data from sync_records where connection_id = $1 and entity = $2 and remote_id = any($3::text[])`,
      [connectionId, entity, remoteIds],
    );
    return rows.map(toStored);
  }

  /** A page of the read API in (modified_at, remote_id) order. */
  async pageOfRecords(
    manager: EntityManager,
    query: { connectionId: string; entity: SyncedEntity; limit: number; modifiedAfter?: Date; after?: { at: string; id: string } },
  ): Promise<{ records: StoredRemoteRecord[]; raw: Row[] }> {
    const params: unknown[] = [query.connectionId, query.entity, query.limit];
    let where = '';
    if (query.modifiedAfter) {
      params.push(query.modifiedAfter);
      where += ` and modified_at > $${params.length}`;
    }
    if (query.after) {
      params.push(query.after.at, query.after.id);
      where += ` and (modified_at, remote_id) > ($${params.length - 1}::timestamptz, $${params.length}::text)`;
    }
    const rows: Row[] = await manager.query(
      `select remote_id, remote_updated_at, remote_deleted, remote_data, modified_at::text as cursor_at, remote_id as cursor_id from sync_records
       where connection_id = $1 and entity = $2 ${where} order by modified_at, remote_id limit $3`,
      params,
    );
    return { records: rows.map(toStored), raw: rows };
  }
}

/** The page as one JSON array of rows in the shape `jsonb_to_recordset` reads (snake_case columns). */
function pageJson(records: readonly IncomingRecord[]): string {
  return JSON.stringify(records.map((r) => ({ remote_id: r.remoteId, remote_updated_at: r.remoteUpdatedAt, remote_deleted: r.remoteDeleted, remote_data: r.remoteData })));
}

function toStored(row: Row): StoredRemoteRecord {
  return {
    remoteId: row.remote_id as string,
    remoteUpdatedAt: date(row.remote_updated_at),
    remoteDeleted: Boolean(row.remote_deleted),
    remoteData: row.remote_data as JsonObject,
  };
}
