import { UNIFIED_ENTITIES, type SystemKind } from '../../adapters';
import type { UnifiedSettings } from '../../unified';
import type { SyncSource } from '../sync-source';
import { customObjectEntity, type SyncedEntity } from '../sync.types';

/** The entities and custom objects a connection syncs: what a 422 for an unknown one lists. */
export function syncableEntities(source: SyncSource, system: SystemKind, settings: UnifiedSettings): SyncedEntity[] {
  const candidates: SyncedEntity[] = [...UNIFIED_ENTITIES, ...settings.customObjects.map((object) => customObjectEntity(object.name))];
  return candidates.filter((entity) => source.declaration(system, entity, settings) !== undefined);
}
