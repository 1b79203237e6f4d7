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

/** The unified fields a system may link records by instead of the remote id: a vendor's code, a location's number. */
const LINK_FIELDS = ['code', 'number'];

/**
 * References among the synced record store (sync_records): a live record of the entity whose
 * remote id is the value, or whose unified `code` or `number` is (Maximo links a vendor by its
 * `company` code and an asset's location by its `location` code, not by their ids).
 */
export class SyncedRecordDirectory implements ReferenceDirectory {
  async lookup(manager: EntityManager, scope: { connectionId: string; system: SystemKind }, entity: UnifiedEntity, value: string): Promise<ReferenceLookup> {
    const fields = MAPPINGS[scope.system]?.entities[entity]?.fields ?? [];
    const codePath = LINK_FIELDS.map((name) => fields.find((field) => field.unified === name)?.remote).find((remote) => remote !== undefined) ?? null;
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
