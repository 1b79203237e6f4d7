/**
 * A remote record to the unified model and unified fields back to remote ones, by the system's
 * mapping declaration and the connection's settings. Pure: the sync calls `toUnified` on stored
 * `remote_data` with the current settings, so a settings change shows on the next read.
 */
import type { RemoteRecord, SystemKind, UnifiedEntity } from '../adapters';
import type { JsonObject } from '../adapters/upstream-reply';
import { effectiveFields } from './codes';
import type { EntityMapping, FieldMapping, SystemMapping } from './mapping';
import { MAPPINGS } from './mappings';
import type { CustomFieldSetting, CustomObjectSetting, UnifiedSettings } from './settings';
import { asList, fromRemote, readPath, toRemoteValue } from './transforms';
import { UnknownUnifiedFieldError } from './unified.errors';

/** A unified record: the entity's common fields, `lines` for purchase orders, and the remote bookkeeping. */
export interface UnifiedRecord {
  remote_id: string;
  remote_updated_at: string | null;
  remote_deleted: boolean;
  custom_fields: Record<string, unknown>;
  remote_data?: JsonObject;
  [field: string]: unknown;
}

export interface ToUnifiedOptions {
  includeRemoteData?: boolean;
}

export function entityMapping(system: SystemKind, entity: UnifiedEntity): EntityMapping {
  return MAPPINGS[system].entities[entity];
}

function mapFields(fields: readonly FieldMapping[], remote: JsonObject): Record<string, unknown> {
  const unified: Record<string, unknown> = {};
  for (const mapping of fields) {
    const read = readPath(remote, mapping.remote);
    if (read.found) unified[mapping.unified] = fromRemote(read.value, mapping.type, mapping.transform);
  }
  return unified;
}

/** A configured custom field's value: at its path, else inside the system's custom field container. */
export function readCustomField(mapping: SystemMapping, remote: JsonObject, setting: CustomFieldSetting): { found: boolean; value?: unknown } {
  const direct = readPath(remote, setting.remote);
  if (direct.found || !mapping.customFieldContainer) return direct;
  return readPath(remote, `${mapping.customFieldContainer.field}.${setting.remote}`);
}

/** `custom_fields` of a record: every configured extra field, null where the record has no value. */
export function customFieldValues(system: SystemKind, remote: JsonObject, settings: readonly CustomFieldSetting[]): Record<string, unknown> {
  const mapping = MAPPINGS[system];
  const values: Record<string, unknown> = {};
  for (const setting of settings) {
    const read = readCustomField(mapping, remote, setting);
    values[setting.unified] = read.found ? fromRemote(read.value, setting.type, setting.type === 'datetime' ? mapping.dates : undefined) : null;
  }
  return values;
}

function remoteUpdatedAt(mapping: EntityMapping, remote: RemoteRecord): string | null {
  const read = readPath(remote.fields, mapping.modifiedField);
  const value = read.found ? fromRemote(read.value, 'datetime', mapping.modifiedTransform) : null;
  return typeof value === 'string' ? value : (remote.remoteUpdatedAt ?? null);
}

export function toUnified(system: SystemKind, entity: UnifiedEntity, remote: RemoteRecord, settings: UnifiedSettings, options: ToUnifiedOptions = {}): UnifiedRecord {
  const mapping = entityMapping(system, entity);
  const record: UnifiedRecord = {
    remote_id: remote.remoteId,
    remote_updated_at: remoteUpdatedAt(mapping, remote),
    remote_deleted: mapping.deletedField ? fromRemote(remote.fields[mapping.deletedField], 'boolean') === true : false,
    // The connection's code overrides apply here, at read time: a change shows on the next read.
    ...mapFields(effectiveFields(mapping.fields, settings.codes?.[entity]), remote.fields),
    custom_fields: customFieldValues(system, remote.fields, settings.customFields[entity] ?? []),
  };
  if (mapping.lines) {
    const lines = mapping.lines;
    record.lines = (asList(remote.fields[lines.remote]) ?? []).map((line) => mapFields(lines.fields, line));
  }
  if (options.includeRemoteData) record.remote_data = remote.fields;
  return record;
}

/** A custom object's record: its configured fields at the top level (a custom table has no standard ones). */
export function customObjectToUnified(system: SystemKind, object: CustomObjectSetting, remote: RemoteRecord, options: ToUnifiedOptions = {}): UnifiedRecord {
  const mapping = MAPPINGS[system];
  const modified = object.modifiedField ? readPath(remote.fields, object.modifiedField) : { found: false };
  const updatedAt = modified.found ? fromRemote(modified.value, 'datetime', mapping.dates) : null;
  return {
    remote_id: remote.remoteId,
    remote_updated_at: typeof updatedAt === 'string' ? updatedAt : (remote.remoteUpdatedAt ?? null),
    remote_deleted: object.deletedField ? fromRemote(readPath(remote.fields, object.deletedField).value, 'boolean') === true : false,
    ...customFieldValues(system, remote.fields, object.fields),
    custom_fields: {},
    ...(options.includeRemoteData ? { remote_data: remote.fields } : {}),
  };
}

function remoteFieldsOf(fields: readonly FieldMapping[], values: Record<string, unknown>, entity: string): JsonObject {
  const remote: JsonObject = {};
  for (const [name, value] of Object.entries(values)) {
    const mapping = fields.find((candidate) => candidate.unified === name);
    if (!mapping) throw new UnknownUnifiedFieldError(name, entity);
    remote[mapping.remote] = toRemoteValue(value, mapping.transform);
  }
  return remote;
}

function writeCustomFields(mapping: SystemMapping, remote: JsonObject, custom: Record<string, unknown>, settings: readonly CustomFieldSetting[], entity: string): void {
  const container = mapping.customFieldContainer;
  for (const [name, value] of Object.entries(custom)) {
    const setting = settings.find((candidate) => candidate.unified === name);
    if (!setting) throw new UnknownUnifiedFieldError(`custom_fields.${name}`, entity);
    const native = setting.type === 'datetime' ? toRemoteValue(value, mapping.dates) : value;
    if (!container || setting.remote.includes('.')) remote[setting.remote] = native;
    else if (container.kind === 'object') remote[container.field] = { ...(remote[container.field] as JsonObject | undefined), [setting.remote]: native };
    else remote[container.field] = [...((remote[container.field] as unknown[] | undefined) ?? []), { field: setting.remote, value: native }];
  }
}

/**
 * Unified fields (with `lines` and `custom_fields`) as the system's own, for a write. Remote
 * bookkeeping (`remote_*`) is ignored; an unknown field throws UnknownUnifiedFieldError naming it.
 */
export function toRemote(system: SystemKind, entity: UnifiedEntity, unified: Record<string, unknown>, settings: UnifiedSettings): JsonObject {
  const mapping = MAPPINGS[system];
  const declared = mapping.entities[entity];
  const { lines, custom_fields: custom, ...header } = unified;
  for (const key of Object.keys(header)) if (key.startsWith('remote_')) delete header[key];
  const remote = remoteFieldsOf(effectiveFields(declared.fields, settings.codes?.[entity]), header, entity);
  if (lines !== undefined) {
    if (!declared.lines || !Array.isArray(lines)) throw new UnknownUnifiedFieldError('lines', entity);
    const lineFields = declared.lines.fields;
    remote[declared.lines.remote] = lines.map((line, index) => remoteFieldsOf(lineFields, (line ?? {}) as Record<string, unknown>, `${entity} lines[${index}]`));
  }
  if (custom && typeof custom === 'object') writeCustomFields(mapping, remote, custom as Record<string, unknown>, settings.customFields[entity] ?? [], entity);
  return remote;
}
