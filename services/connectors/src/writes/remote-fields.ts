/**
 * Unified write fields to the system's own, by the capability matrix's `remote` names, with each
 * system's value formats: dates (SAP `/Date(ms)/`, Limble epoch seconds, ISO elsewhere), SAP's
 * decimals as strings, Maximo's line numbers, MaintainX's custom fields inside `extraFields`.
 */
import type { SystemKind } from '../adapters';
import type { JsonObject } from '../adapters/upstream-reply';
import type { EntityCapability, FieldCapability } from './capabilities/capability.types';
import type { UnifiedValues } from './capabilities/write-rules';

const DATE_FORMAT: Readonly<Record<SystemKind, (iso: string) => unknown>> = {
  maximo: (iso) => new Date(iso).toISOString(),
  sap: (iso) => `/Date(${Date.parse(iso)})/`,
  limble: (iso) => Math.floor(Date.parse(iso) / 1000),
  fiix: (iso) => new Date(iso).toISOString(),
  upkeep: (iso) => new Date(iso).toISOString(),
  maintainx: (iso) => new Date(iso).toISOString(),
};

function nativeValue(system: SystemKind, field: FieldCapability, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (field.type === 'date') return DATE_FORMAT[system](String(value));
  // OData v2 carries Edm.Decimal as a string.
  if (field.type === 'number' && system === 'sap') return String(value);
  return value;
}

function nativeRecord(system: SystemKind, declared: Readonly<Record<string, FieldCapability>>, values: UnifiedValues): JsonObject {
  const native: JsonObject = {};
  for (const [name, value] of Object.entries(values)) {
    const field = declared[name];
    if (!field) continue;
    native[field.remote] =
      field.type === 'lines' && Array.isArray(value)
        ? value.map((line: UnifiedValues, index) => ({ ...lineNumber(system, index), ...nativeRecord(system, field.lineFields ?? {}, line) }))
        : nativeValue(system, field, value);
  }
  return native;
}

/** Maximo numbers PO lines itself only in its UI: the API wants `polinenum`. */
function lineNumber(system: SystemKind, index: number): JsonObject {
  return system === 'maximo' ? { polinenum: index + 1 } : {};
}

export function toNativeFields(system: SystemKind, capability: EntityCapability, fields: UnifiedValues, customFields: UnifiedValues, tag?: string): JsonObject {
  const native = nativeRecord(system, capability.fields, fields);
  if (Object.keys(customFields).length > 0) {
    if (system === 'maintainx') native.extraFields = { ...customFields };
    else Object.assign(native, customFields);
  }
  if (tag !== undefined && capability.createTag) native[capability.createTag] = tag;
  return native;
}
