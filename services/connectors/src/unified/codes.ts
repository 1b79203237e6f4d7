/**
 * A connection's code overrides (settings `codes`) over the declared code tables: applied when a
 * record is converted, so an override shows on the next read with no resync, and reversed on writes.
 * Status ids are often the customer's own (Limble), so the declared table is only the system's
 * built-in part. Pure.
 */
import type { SystemKind, UnifiedEntity } from '../adapters';
import type { CodeList, FieldMapping, Transform } from './mapping';
import { MAPPINGS } from './mappings';
import type { CodeOverrides, UnifiedSettings } from './settings';

type CodeTable = Readonly<Record<string, string>>;

/** The declared code table of a header field, or undefined where the field has none. */
export function declaredCodes(system: SystemKind, entity: UnifiedEntity, unified: string): CodeTable | undefined {
  const transform = MAPPINGS[system].entities[entity].fields.find((mapping) => mapping.unified === unified)?.transform;
  return transform?.kind === 'codes' ? transform.codes : undefined;
}

/** Header fields of an entity with a declared code table, by unified name. */
export function codedFields(system: SystemKind, entity: UnifiedEntity): FieldMapping[] {
  return MAPPINGS[system].entities[entity].fields.filter((mapping) => mapping.transform?.kind === 'codes');
}

/**
 * The declared table with the overrides over it. A write takes one native code per unified value:
 * the first declared code still naming it, else the first override naming it, so an override that
 * adds an alias (a second code for `in_progress`) does not move writes off the system's own code.
 */
export function withOverrides(transform: Transform | undefined, overrides: CodeTable | undefined): Transform | undefined {
  if (!overrides || transform?.kind !== 'codes' || Object.keys(overrides).length === 0) return transform;
  const codes: Record<string, string> = { ...transform.codes, ...overrides };
  const writes: Record<string, string> = {};
  const kept = Object.entries(transform.codes).filter(([code]) => !Object.hasOwn(overrides, code));
  for (const [code, value] of [...kept, ...Object.entries(overrides)]) if (!Object.hasOwn(writes, value)) writes[value] = code;
  return { ...transform, codes, writes };
}

/** Every header field of the entity with the connection's overrides applied to its transform. */
export function effectiveFields(fields: readonly FieldMapping[], overrides: CodeOverrides[UnifiedEntity] | undefined): readonly FieldMapping[] {
  if (!overrides) return fields;
  return fields.map((mapping) => {
    const table = overrides[mapping.unified];
    return table ? { ...mapping, transform: withOverrides(mapping.transform, table) } : mapping;
  });
}

/** The sample key of a field's listed codes (`codes:workOrder.status`). */
export const codeListKey = (entity: UnifiedEntity, unified: string): string => `codes:${entity}.${unified}`;

/**
 * The code lists the settings' check reads: of every entity named under `codes`, the fields whose
 * system lists the account's own codes (Limble's task statuses).
 */
export function codeListsOf(system: SystemKind, settings: UnifiedSettings): { key: string; list: CodeList }[] {
  return (Object.keys(settings.codes ?? {}) as UnifiedEntity[]).flatMap((entity) =>
    codedFields(system, entity).flatMap((mapping) => (mapping.transform?.kind === 'codes' && mapping.transform.listed ? [{ key: codeListKey(entity, mapping.unified), list: mapping.transform.listed }] : [])),
  );
}
