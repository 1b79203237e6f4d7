import type { EntityManager } from 'typeorm';
import type { UnifiedEntity } from '../adapters';
import type { Connection } from '../connections/connection.entity';
import type { UnifiedSettings } from '../unified';

/**
 * Where a write's references are looked up: the connection's synced records (a vendor code must
 * be one of the synced vendors). `undefined`: nothing synced of that entity yet, so the rule
 * cannot be decided and is reported as such rather than guessed.
 */
export interface ReferenceDirectory {
  exists(manager: EntityManager, scope: { tenantId: string; connectionId: string }, entity: UnifiedEntity, value: string): Promise<boolean | undefined>;
}

export const REFERENCE_DIRECTORY = Symbol('REFERENCE_DIRECTORY');

/** Until the synced record store is wired in: nothing is known to be synced. */
export class NoSyncedRecords implements ReferenceDirectory {
  async exists(): Promise<boolean | undefined> {
    return undefined;
  }
}

/**
 * The connection's unified settings (its custom fields per entity), where they are stored;
 * `undefined` while a connection has none configured: custom fields are then written by their
 * remote names as given.
 */
export interface UnifiedSettingsSource {
  of(manager: EntityManager, connection: Connection): Promise<UnifiedSettings | undefined>;
}

export const UNIFIED_SETTINGS_SOURCE = Symbol('UNIFIED_SETTINGS_SOURCE');

/** Until the settings' storage is wired in. */
export class NoUnifiedSettings implements UnifiedSettingsSource {
  async of(): Promise<UnifiedSettings | undefined> {
    return undefined;
  }
}
