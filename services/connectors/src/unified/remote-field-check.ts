/**
 * Whether the remote fields a connection's settings name exist upstream, judged on sample records
 * fetched live: a field found in none of them is reported by its settings path, so a typo does not
 * silently give empty values. (Some systems leave empty fields out of a record, Maximo's lean JSON
 * among them: the report says how many records were sampled, so a field only rarely set can be told
 * from a misspelled one.)
 */
import type { FieldError } from '@mate/service-kit';
import type { SystemKind, UnifiedEntity } from '../adapters';
import type { JsonObject } from '../adapters/upstream-reply';
import { codeListKey, codedFields, withOverrides } from './codes';
import { readCustomField } from './convert';
import { MAPPINGS } from './mappings';
import type { CodeOverrides, CustomFieldSetting, UnifiedSettings } from './settings';
import { readPath } from './transforms';

/** What was fetched for one entity or custom object: records, or why none could be. */
export type Sample = { records: JsonObject[] } | { failure: string };

export interface SettingsValidation {
  /** Records sampled per entity key (`workOrder`, `custom:<name>`), and codes listed per field (`codes:workOrder.status`). */
  sampled: Record<string, number>;
  problems: FieldError[];
}

function missingFields(system: SystemKind, fields: readonly CustomFieldSetting[], records: readonly JsonObject[], path: string): FieldError[] {
  const mapping = MAPPINGS[system];
  return fields.flatMap((setting, index) =>
    records.some((record) => readCustomField(mapping, record, setting).found)
      ? []
      : [{ field: `${path}[${index}].remote`, message: `${setting.remote} is in none of the ${records.length} record(s) sampled from the system` }],
  );
}

function sampleProblems(sample: Sample | undefined, path: string): FieldError[] | undefined {
  if (!sample) return [];
  if ('failure' in sample) return [{ field: path, message: `no sample could be fetched: ${sample.failure}` }];
  if (sample.records.length === 0) return [{ field: path, message: 'the system has no record to check these fields against' }];
  return undefined;
}

/**
 * Native codes met in the sampled records that the field's table (declared, with the connection's
 * overrides) does not map: they would read as the bare code, so the administrator is told which.
 */
function unknownCodes(system: SystemKind, entity: UnifiedEntity, overrides: CodeOverrides[UnifiedEntity], records: readonly JsonObject[]): FieldError[] {
  return codedFields(system, entity).flatMap((mapping) => {
    const table = withOverrides(mapping.transform, overrides?.[mapping.unified]);
    if (table?.kind !== 'codes') return [];
    const unknown = new Set<string>();
    for (const record of records) {
      const read = readPath(record, mapping.remote);
      if (read.found && read.value !== null && read.value !== undefined && !Object.hasOwn(table.codes, String(read.value))) unknown.add(String(read.value));
    }
    if (unknown.size === 0) return [];
    const codes = [...unknown].sort().join(', ');
    return [{ field: `codes.${entity}.${mapping.unified}`, message: `${mapping.remote} ${codes} met in the ${records.length} record(s) sampled map to no unified value (they read as the code itself)` }];
  });
}

/** Codes the system lists for the account (Limble's task statuses) that no table maps, by their names. */
function unlistedCodes(system: SystemKind, entity: UnifiedEntity, overrides: CodeOverrides[UnifiedEntity], samples: ReadonlyMap<string, Sample>, sampled: Record<string, number>): FieldError[] {
  return codedFields(system, entity).flatMap((mapping) => {
    const table = withOverrides(mapping.transform, overrides?.[mapping.unified]);
    const key = codeListKey(entity, mapping.unified);
    const sample = samples.get(key);
    if (table?.kind !== 'codes' || !table.listed || !sample) return [];
    const field = `codes.${entity}.${mapping.unified}`;
    if ('failure' in sample) return [{ field, message: `the system's list of codes could not be read: ${sample.failure}` }];
    sampled[key] = sample.records.length;
    const { code, name } = table.listed;
    const missing = sample.records.filter((item) => item[code] !== undefined && item[code] !== null && !Object.hasOwn(table.codes, String(item[code])));
    if (missing.length === 0) return [];
    const named = missing.map((item) => `${String(item[code])} (${String(item[name] ?? '')})`).join(', ');
    return [{ field, message: `the system lists ${named}, which no table maps (they read as the code itself)` }];
  });
}

/** Entities sampled: those with custom fields, and those named under `codes` (their codes are checked). */
export function sampledEntities(settings: UnifiedSettings): UnifiedEntity[] {
  const withFields = (Object.entries(settings.customFields) as [UnifiedEntity, CustomFieldSetting[]][]).filter(([, fields]) => fields.length > 0).map(([entity]) => entity);
  return [...new Set([...withFields, ...(Object.keys(settings.codes ?? {}) as UnifiedEntity[])])];
}

/** Problems of the settings against samples keyed like `sampled` (entities, then `custom:<name>`). */
export function checkAgainstSamples(system: SystemKind, settings: UnifiedSettings, samples: ReadonlyMap<string, Sample>): SettingsValidation {
  const sampled: Record<string, number> = {};
  const problems: FieldError[] = [];
  for (const entity of sampledEntities(settings)) {
    const fields = settings.customFields[entity] ?? [];
    const sample = samples.get(entity);
    const records = sample && 'records' in sample ? sample.records : [];
    sampled[entity] = records.length;
    const unavailable = sampleProblems(sample, fields.length > 0 ? `customFields.${entity}` : `codes.${entity}`);
    if (unavailable) {
      problems.push(...unavailable);
      continue;
    }
    problems.push(...missingFields(system, fields, records, `customFields.${entity}`), ...unknownCodes(system, entity, settings.codes?.[entity], records));
  }
  for (const entity of Object.keys(settings.codes ?? {}) as UnifiedEntity[]) problems.push(...unlistedCodes(system, entity, settings.codes?.[entity], samples, sampled));
  settings.customObjects.forEach((object, index) => {
    const path = `customObjects[${index}]`;
    const sample = samples.get(`custom:${object.name}`);
    sampled[`custom:${object.name}`] = sample && 'records' in sample ? sample.records.length : 0;
    const unavailable = sampleProblems(sample, `${path}.remote`);
    if (unavailable) return void problems.push(...unavailable);
    const records = sample && 'records' in sample ? sample.records : [];
    for (const name of ['idField', 'modifiedField', 'deletedField'] as const) {
      const remote = object[name];
      if (remote && !records.some((record) => readPath(record, remote).found)) problems.push({ field: `${path}.${name}`, message: `${remote} is in none of the ${records.length} record(s) sampled` });
    }
    problems.push(...missingFields(system, object.fields, records, `${path}.fields`));
  });
  return { sampled, problems };
}
