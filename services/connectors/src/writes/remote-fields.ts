/**
 * Unified write fields to the system's own, by the capability matrix's `remote` names, with the
 * read mapping's transforms reversed (status codes with the connection's overrides, SAP `/Date(ms)/`, Limble epoch seconds), the
 * system's integers and OData decimals, Maximo's line numbers, custom fields where the settings put them.
 */
import type { SystemKind, UnifiedEntity } from '../adapters';
import { MAPPINGS, toRemote, toRemoteValue, withOverrides, type Transform, type UnifiedSettings } from '../unified';
import type { JsonObject } from '../adapters/upstream-reply';
import type { EntityCapability, FieldCapability } from './capabilities/capability.types';
import type { UnifiedValues } from './capabilities/write-rules';

function nativeValue(field: FieldCapability, value: unknown, transform: Transform | undefined): unknown {
  if (value === null || value === undefined) return value;
  // The read mapping's transform reversed: a status name to its code, a date to SAP's /Date()/ or Limble's epoch seconds.
  const converted = toRemoteValue(value, transform);
  if (field.native === 'integer') return Number(converted);
  // OData v2 carries Edm.Decimal as a string.
  if (field.native === 'decimal_text') return String(converted);
  return converted;
}

/**
 * The transform the read mapping (unified/mappings) declares for a field or a line field, with the
 * connection's code overrides (header fields), so writes convert as reads do.
 */
function transformOf(system: SystemKind, entity: UnifiedEntity, name: string, line: boolean, settings: UnifiedSettings): Transform | undefined {
  const mapping = MAPPINGS[system]?.entities[entity];
  const fields = line ? (mapping?.lines?.fields ?? []) : (mapping?.fields ?? []);
  const declared = fields.find((mapped) => mapped.unified === name)?.transform;
  return line ? declared : withOverrides(declared, settings.codes?.[entity]?.[name]);
}

function nativeRecord(system: SystemKind, entity: UnifiedEntity, declared: Readonly<Record<string, FieldCapability>>, values: UnifiedValues, settings: UnifiedSettings, line = false): JsonObject {
  const native: JsonObject = {};
  for (const [name, value] of Object.entries(values)) {
    const field = declared[name];
    if (!field) continue;
    native[field.remote] =
      field.type === 'lines' && Array.isArray(value)
        ? value.map((values: UnifiedValues, index) => ({ ...lineNumber(system, index), ...nativeRecord(system, entity, field.lineFields ?? {}, values, settings, true) }))
        : nativeValue(field, value, transformOf(system, entity, name, line, settings));
  }
  return native;
}

/** Maximo numbers PO lines itself only in its UI: the API wants `polinenum`. */
function lineNumber(system: SystemKind, index: number): JsonObject {
  return system === 'maximo' ? { polinenum: index + 1 } : {};
}

export function toNativeFields(system: SystemKind, entity: UnifiedEntity, capability: EntityCapability, values: { fields: UnifiedValues; customFields: UnifiedValues; settings: UnifiedSettings }, tag?: string): JsonObject {
  const { fields, customFields, settings } = values;
  const native = nativeRecord(system, entity, capability.fields, fields, settings);
  // Custom fields (checked against the settings before) go where the read mapping reads them (MaintainX extraFields, …).
  if (Object.keys(customFields).length > 0) Object.assign(native, toRemote(system, entity, { custom_fields: customFields }, settings));
  if (tag !== undefined && capability.createTag) native[capability.createTag] = tag;
  return native;
}
