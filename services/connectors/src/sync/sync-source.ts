/**
 * What the sync needs from the unified model and the adapters, behind one port so the engine is
 * tested with fakes: the declared strategy of an entity, a page of remote records, and the unified
 * record computed from a stored raw record with the connection's current settings.
 */
import type { AdapterConnection, AuthSession, ConnectorAdapter, ListQuery, RemoteRecord, SystemKind, UnifiedEntity } from '../adapters';
import type { JsonObject } from '../adapters/upstream-reply';
import type { Connection } from '../connections/connection.entity';
import { customObjectOf, customTableRef, MAPPINGS, storedUnifiedSettings, unifiedRecordOf, type SyncDeclaration, type UnifiedSettings } from '../unified';
import { CUSTOM_PREFIX, type SyncPage, type SyncedEntity } from './sync.types';

/** A synced record as stored (raw), what a unified record is computed from. */
export interface StoredRemoteRecord {
  remoteId: string;
  remoteUpdatedAt: Date | null;
  remoteDeleted: boolean;
  remoteData: JsonObject;
}

export interface SyncSource {
  /** The entity's declared incremental and delete strategies; undefined when it cannot be synced. */
  declaration(system: SystemKind, entity: SyncedEntity, settings: UnifiedSettings): SyncDeclaration | undefined;
  /** One page from the system, through the adapter (its own pagination). */
  list(adapter: ConnectorAdapter, connection: AdapterConnection, session: AuthSession, entity: SyncedEntity, query: ListQuery, settings: UnifiedSettings): Promise<SyncPage>;
  /** The unified record; the mapping reads remote_updated_at and remote_deleted from the raw record. */
  toUnified(system: SystemKind, entity: SyncedEntity, record: StoredRemoteRecord, settings: UnifiedSettings, options: { includeRemoteData: boolean }): JsonObject;
  settingsOf(connection: Connection): UnifiedSettings;
}

export const SYNC_SOURCE = Symbol('SYNC_SOURCE');

const customObjectName = (entity: SyncedEntity): string | undefined => (entity.startsWith(CUSTOM_PREFIX) ? entity.slice(CUSTOM_PREFIX.length) : undefined);

/**
 * The default source: declarations from the mapping (`MAPPINGS`), pages from the adapters'
 * `list`, records unified by `toUnified`. Custom objects are synced as full scans compared by
 * generation: a customer table may have no modification time.
 */
export class MappedSyncSource implements SyncSource {
  declaration(system: SystemKind, entity: SyncedEntity, settings: UnifiedSettings): SyncDeclaration | undefined {
    const name = customObjectName(entity);
    if (name !== undefined) return settings.customObjects.some((object) => object.name === name) ? { incremental: 'full_scan', deletes: 'full_scan_compare' } : undefined;
    return MAPPINGS[system]?.entities[entity as UnifiedEntity]?.sync;
  }

  async list(adapter: ConnectorAdapter, connection: AdapterConnection, session: AuthSession, entity: SyncedEntity, query: ListQuery, settings: UnifiedSettings): Promise<SyncPage> {
    if (customObjectName(entity) !== undefined) {
      const object = customObjectOf(settings, entity);
      if (!object || !adapter.customTables) throw new Error(`${connection.system} cannot read the custom object ${entity}`);
      return adapter.customTables.list(connection, session, customTableRef(object), query);
    }
    const list = adapter.entities[entity as UnifiedEntity]?.list;
    if (!list) throw new Error(`${connection.system} has no list operation for ${entity}`);
    return list(connection, session, query);
  }

  toUnified(system: SystemKind, entity: SyncedEntity, record: StoredRemoteRecord, settings: UnifiedSettings, options: { includeRemoteData: boolean }): JsonObject {
    const remote: RemoteRecord = { remoteId: record.remoteId, remoteUpdatedAt: record.remoteUpdatedAt?.toISOString(), fields: record.remoteData };
    const unified = unifiedRecordOf(system, entity, remote, settings, options);
    if (!unified) throw new Error(`no custom object ${entity} in the connection's settings`);
    // A delete the store found by a full-scan compare is not in the raw record.
    return { ...unified, remote_deleted: record.remoteDeleted || unified.remote_deleted === true };
  }

  settingsOf(connection: Connection): UnifiedSettings {
    return storedUnifiedSettings(connection.unifiedSettings, connection.system);
  }
}
