import type { EntityManager } from 'typeorm';
import type { SystemKind, UnifiedEntity } from '../adapters';
import { MAPPINGS } from '../unified';

/** What the synced records say of a reference: there, not there, or nothing of that entity synced yet. */
export type ReferenceLookup = 'found' | 'missing' | 'not_synced';

/** Where a write's references are looked up: the connection's synced records (a vendor code must be one of the synced vendors). */
export interface ReferenceDirectory {
  lookup(manager: EntityManager, scope: { connectionId: string; system: SystemKind }, entity: UnifiedEntity, value: string): Promise<ReferenceLookup>;
}

export const REFERENCE_DIRECTORY = Symbol('REFERENCE_DIRECTORY');

/**
 * References among the synced record store (sync_records): a live record of the entity whose
 * remote id is the value, or whose unified `code` (e.g. Maximo's vendor `company`) is.
 */
export class SyncedRecordDirectory implements ReferenceDirectory {
  async lookup(manager: EntityManager, scope: { connectionId: string; system: SystemKind }, entity: UnifiedEntity, value: string): Promise<ReferenceLookup> {
    const codePath = MAPPINGS[scope.system]?.entities[entity]?.fields.find((field) => field.unified === 'code')?.remote ?? null;
    const [row]: { synced: boolean; found: boolean }[] = await manager.query(
      `select exists (select 1 from sync_records where connection_id = $1 and entity = $2) as synced,
              exists (select 1 from sync_records where connection_id = $1 and entity = $2 and not remote_deleted
                        and (remote_id = $3 or ($4::text is not null and remote_data #>> string_to_array($4::text, '.') = $3))) as found`,
      [scope.connectionId, entity, value, codePath],
    );
    if (row?.found) return 'found';
    return row?.synced ? 'missing' : 'not_synced';
  }
}
