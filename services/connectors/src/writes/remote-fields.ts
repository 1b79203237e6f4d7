/**
 * Unified write fields to the system's own, by the capability matrix's `remote` names, with each
 * system's value formats: dates (SAP `/Date(ms)/`, Limble epoch seconds, ISO elsewhere), SAP's
 * decimals as strings, Maximo's line numbers, MaintainX's custom fields inside `extraFields`.
 */
import type { SystemKind, UnifiedEntity } from '../adapters';
import { MAPPINGS } from '../unified';
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

function nativeValue(system: SystemKind, field: FieldCapability, value: unknown, codes?: Readonly<Record<string, string>>): unknown {
  if (value === null || value === undefined) return value;
  if (field.type === 'datetime') return DATE_FORMAT[system](String(value));
  if (field.native === 'integer') return Number(value);
  // OData v2 carries Edm.Decimal as a string.
  if (field.native === 'decimal_text') return String(value);
  // A normalized value (status `completed`) back to the system's code (`COMP`); a code passes as is.
  const code = codes && Object.entries(codes).find(([, unified]) => unified === value)?.[0];
  return code ?? value;
}

/** The code table the read mapping declares for a field (unified/mappings), so writes use the same codes. */
function codesOf(system: SystemKind, entity: UnifiedEntity, name: string): Readonly<Record<string, string>> | undefined {
  const transform = MAPPINGS[system]?.entities[entity]?.fields.find((mapped) => mapped.unified === name)?.transform;
  return transform?.kind === 'codes' ? transform.codes : undefined;
}

function nativeRecord(system: SystemKind, entity: UnifiedEntity | undefined, declared: Readonly<Record<string, FieldCapability>>, values: UnifiedValues): JsonObject {
  const native: JsonObject = {};
  for (const [name, value] of Object.entries(values)) {
    const field = declared[name];
    if (!field) continue;
    native[field.remote] =
      field.type === 'lines' && Array.isArray(value)
        ? value.map((line: UnifiedValues, index) => ({ ...lineNumber(system, index), ...nativeRecord(system, undefined, field.lineFields ?? {}, line) }))
        : nativeValue(system, field, value, entity && codesOf(system, entity, name));
  }
  return native;
}

/** Maximo numbers PO lines itself only in its UI: the API wants `polinenum`. */
function lineNumber(system: SystemKind, index: number): JsonObject {
  return system === 'maximo' ? { polinenum: index + 1 } : {};
}

export function toNativeFields(system: SystemKind, entity: UnifiedEntity, capability: EntityCapability, fields: UnifiedValues, customFields: UnifiedValues, tag?: string): JsonObject {
  const native = nativeRecord(system, entity, capability.fields, fields);
  if (Object.keys(customFields).length > 0) {
    if (system === 'maintainx') native.extraFields = { ...customFields };
    else Object.assign(native, customFields);
  }
  if (tag !== undefined && capability.createTag) native[capability.createTag] = tag;
  return native;
}
