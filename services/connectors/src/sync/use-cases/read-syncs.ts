import { Inject, Injectable } from '@nestjs/common';
import { KeysetPage, TenantTransactions, type KeysetOrder, type Page } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { UNIFIED_ENTITIES } from '../../adapters';
import type { Connection } from '../../connections/connection.entity';
import { connectionNotFound } from '../../connections/connection.exception';
import { ConnectionRepository } from '../../connections/connection.repository';
import { SYNC_SOURCE, type SyncSource } from '../sync-source';
import { SyncException, SyncExceptionCode, unknownEntity } from '../sync.exception';
import { SyncRepository } from '../sync.repository';
import { customObjectEntity, type SyncRun, type SyncedEntity } from '../sync.types';
import type { JsonObject } from '../../adapters/upstream-reply';
import { syncableEntities } from './syncable-entities';

const RUNS_ORDER: KeysetOrder = {
  tag: 'syncs',
  descending: true,
  columns: [
    { name: 'at', sql: 'created_at', type: 'timestamptz' },
    { name: 'id', sql: 'id', type: 'uuid' },
  ],
};

/** Records in the order the store last changed them: `modified_after` and paging share it. */
const RECORDS_ORDER: KeysetOrder = {
  tag: 'records',
  descending: false,
  columns: [
    { name: 'at', sql: 'modified_at', type: 'timestamptz' },
    { name: 'id', sql: 'remote_id', type: 'text' },
  ],
};

export interface RecordsQuery {
  pageSize?: number;
  cursor?: string;
  includeRemoteData: boolean;
  modifiedAfter?: Date;
}

/**
 * The sync log and the read API over the store. Unified records are computed here, from the stored
 * raw record and the connection's settings as they are now: a custom field configured after the
 * last sync shows on the next read. Nothing goes upstream. Another tenant's connection is a 404.
 */
@Injectable()
export class ReadSyncs {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(SyncRepository) private readonly store: SyncRepository,
    @Inject(SYNC_SOURCE) private readonly source: SyncSource,
  ) {}

  runs(tenantId: string, connectionId: string, query: { limit?: number; cursor?: string }): Promise<Page<SyncRun>> {
    const page = new KeysetPage(RUNS_ORDER, query, { defaultLimit: 20 });
    return this.transactions.run(tenantId, async (manager) => {
      await this.connection(manager, tenantId, connectionId);
      const after = page.after ? { createdAt: page.after.at as string, id: page.after.id as string } : undefined;
      const { runs, raw } = await this.store.listRuns(manager, connectionId, page.limit + 1, after);
      return page.finish(runs, raw);
    });
  }

  run(tenantId: string, connectionId: string, runId: string): Promise<SyncRun> {
    return this.transactions.run(tenantId, async (manager) => {
      await this.connection(manager, tenantId, connectionId);
      const run = await this.store.findRun(manager, connectionId, runId);
      if (!run) throw new SyncException(SyncExceptionCode.RUN_NOT_FOUND, 'sync run not found');
      return run;
    });
  }

  /** `entity` is a unified entity (`field` names where it came from), or a custom object's entity key. */
  records(tenantId: string, connectionId: string, entity: SyncedEntity, field: string, query: RecordsQuery): Promise<Page<JsonObject>> {
    const page = new KeysetPage(RECORDS_ORDER, { limit: query.pageSize, cursor: query.cursor }, { defaultLimit: 50 });
    return this.transactions.run(tenantId, async (manager) => {
      const connection = await this.connection(manager, tenantId, connectionId);
      const settings = this.checkEntity(connection, entity, field);
      const after = page.after ? { at: page.after.at as string, id: page.after.id as string } : undefined;
      const { records, raw } = await this.store.pageOfRecords(manager, { connectionId, entity, limit: page.limit + 1, modifiedAfter: query.modifiedAfter, after });
      const unified = records.map((record) => this.source.toUnified(connection.system, entity, record, settings, { includeRemoteData: query.includeRemoteData }));
      return page.finish(unified, raw);
    });
  }

  record(tenantId: string, connectionId: string, entity: SyncedEntity, remoteId: string, includeRemoteData: boolean): Promise<JsonObject> {
    return this.transactions.run(tenantId, async (manager) => {
      const connection = await this.connection(manager, tenantId, connectionId);
      const settings = this.checkEntity(connection, entity, 'entity');
      const [record] = await this.store.records(manager, connectionId, entity, [remoteId]);
      if (!record) throw new SyncException(SyncExceptionCode.RECORD_NOT_FOUND, 'no synced record with this remote id');
      return this.source.toUnified(connection.system, entity, record, settings, { includeRemoteData });
    });
  }

  private checkEntity(connection: Connection, entity: SyncedEntity, field: string) {
    const settings = this.source.settingsOf(connection);
    if (!this.source.declaration(connection.system, entity, settings)) {
      const known = syncableEntities(this.source, connection.system, settings);
      throw unknownEntity(field, field === 'name' ? entity.replace(/^custom:/, '') : entity, field === 'name' ? known.filter((e) => e.startsWith('custom:')).map((e) => e.slice(7)) : known.filter((e) => (UNIFIED_ENTITIES as readonly string[]).includes(e)));
    }
    return settings;
  }

  private async connection(manager: EntityManager, tenantId: string, connectionId: string): Promise<Connection> {
    const connection = await this.connections.findLive(manager, tenantId, connectionId);
    if (!connection) throw connectionNotFound();
    return connection;
  }
}

export { customObjectEntity };
