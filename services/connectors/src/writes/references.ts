import type { EntityManager } from 'typeorm';
import type { UnifiedEntity } from '../adapters';

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

