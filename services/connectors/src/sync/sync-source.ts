/**
 * What the sync needs from the unified model and the adapters, behind one port so the engine is
 * tested with fakes: the declared strategy of an entity, a page of remote records, and the unified
 * record computed from a stored raw record with the connection's current settings.
 */
import type { AdapterConnection, AuthSession, ConnectorAdapter, ListQuery, RemoteRecord, SystemKind } from '../adapters';
import type { JsonObject } from '../adapters/upstream-reply';
import type { Connection } from '../connections/connection.entity';
import { EMPTY_UNIFIED_SETTINGS, MAPPINGS, type SyncDeclaration, type UnifiedSettings } from '../unified';
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
  list(adapter: ConnectorAdapter, connection: AdapterConnection, session: AuthSession, entity: SyncedEntity, query: ListQuery): Promise<SyncPage>;
  /** Whether the raw record says it is deleted (a soft-delete flag). */
  isDeleted(system: SystemKind, entity: SyncedEntity, record: RemoteRecord): boolean;
  toUnified(system: SystemKind, entity: SyncedEntity, record: StoredRemoteRecord, settings: UnifiedSettings, options: { includeRemoteData: boolean }): JsonObject;
  settingsOf(connection: Connection): UnifiedSettings;
}

export const SYNC_SOURCE = Symbol('SYNC_SOURCE');

/**
 * The default source: declarations from the mapping (`MAPPINGS`), pages from the adapters'
 * `list`. Custom objects are synced as full scans compared by generation: a customer table may have
 * no modification time.
 */
export class MappedSyncSource implements SyncSource {
  declaration(system: SystemKind, entity: SyncedEntity, settings: UnifiedSettings): SyncDeclaration | undefined {
    if (entity.startsWith(CUSTOM_PREFIX)) {
      const name = entity.slice(CUSTOM_PREFIX.length);
      return settings.customObjects.some((object) => object.name === name) ? { incremental: 'full_scan', deletes: 'full_scan_compare' } : undefined;
    }
    return MAPPINGS[system]?.entities[entity as keyof NonNullable<(typeof MAPPINGS)[SystemKind]>['entities']]?.sync;
  }

  async list(adapter: ConnectorAdapter, connection: AdapterConnection, session: AuthSession, entity: SyncedEntity, query: ListQuery): Promise<SyncPage> {
    const list = entity.startsWith(CUSTOM_PREFIX) ? undefined : adapter.entities[entity as keyof ConnectorAdapter['entities']]?.list;
    if (!list) throw new Error(`${connection.system} has no list operation for ${entity}`);
    return list(connection, session, query);
  }

  isDeleted(system: SystemKind, entity: SyncedEntity, record: RemoteRecord): boolean {
    const mapping = entity.startsWith(CUSTOM_PREFIX) ? undefined : MAPPINGS[system]?.entities[entity as keyof NonNullable<(typeof MAPPINGS)[SystemKind]>['entities']];
    return mapping?.deletedField !== undefined && Boolean(record.fields[mapping.deletedField]);
  }

  toUnified(_system: SystemKind, _entity: SyncedEntity, record: StoredRemoteRecord, _settings: UnifiedSettings, options: { includeRemoteData: boolean }): JsonObject {
    return {
      remote_id: record.remoteId,
      remote_updated_at: record.remoteUpdatedAt?.toISOString() ?? null,
      remote_deleted: record.remoteDeleted,
      custom_fields: {},
      ...(options.includeRemoteData ? { remote_data: record.remoteData } : {}),
    };
  }

  settingsOf(_connection: Connection): UnifiedSettings {
    return EMPTY_UNIFIED_SETTINGS;
  }
}
