/**
 * The entities a connection reads: the unified ones, and its custom objects as `custom:<name>`
 * (the key the sync and the records API use). One function turns a raw record of either into its
 * unified record with the connection's current settings.
 */
import { UNIFIED_ENTITIES, type CustomTableRef, type RemoteRecord, type SystemKind, type UnifiedEntity } from '../adapters';
import { customObjectToUnified, toUnified, type ToUnifiedOptions, type UnifiedRecord } from './convert';
import type { CustomObjectSetting, UnifiedSettings } from './settings';

export const CUSTOM_OBJECT_PREFIX = 'custom:';

export type EntityKey = UnifiedEntity | `${typeof CUSTOM_OBJECT_PREFIX}${string}`;

export function isUnifiedEntity(key: string): key is UnifiedEntity {
  return UNIFIED_ENTITIES.includes(key as UnifiedEntity);
}

/** The custom object a `custom:<name>` key names, if the settings configure it. */
export function customObjectOf(settings: UnifiedSettings, key: string): CustomObjectSetting | undefined {
  if (!key.startsWith(CUSTOM_OBJECT_PREFIX)) return undefined;
  const name = key.slice(CUSTOM_OBJECT_PREFIX.length);
  return settings.customObjects.find((object) => object.name === name);
}

/** The table an adapter's `customTables` reads for a custom object. */
export function customTableRef(object: CustomObjectSetting): CustomTableRef {
  return { remote: object.remote, idField: object.idField, ...(object.modifiedField ? { modifiedField: object.modifiedField } : {}) };
}

/**
 * The unified record of a raw one, by the settings as they are now: the sync computes read
 * answers from stored `remote_data` with this, so a settings change shows on the next read.
 * Undefined for a custom object the settings no longer name.
 */
export function unifiedRecordOf(system: SystemKind, key: string, remote: RemoteRecord, settings: UnifiedSettings, options: ToUnifiedOptions = {}): UnifiedRecord | undefined {
  if (isUnifiedEntity(key)) return toUnified(system, key, remote, settings, options);
  const object = customObjectOf(settings, key);
  return object ? customObjectToUnified(system, object, remote, options) : undefined;
}
