/**
 * A connection's unified settings as submitted, checked field by field: every problem named by its
 * path (`customFields.workOrder[0].type`) so the HTTP layer answers 422 naming it. Pure.
 */
import type { FieldError } from '@mate/service-kit';
import { UNIFIED_ENTITIES, type SystemKind, type UnifiedEntity } from '../adapters';
import { isJsonObject } from '../adapters/upstream-reply';
import { declaredCodes } from './codes';
import { FIELD_TYPES, UNIFIED_MODEL, type FieldType } from './model';
import type { CodeOverrides, CustomFieldSetting, CustomObjectSetting, UnifiedSettings } from './settings';

const MAX_FIELDS = 100;
const MAX_OBJECTS = 50;
const MAX_CODES = 200;
/** A unified name: what appears as a key under `custom_fields` or in a custom object's path. */
const UNIFIED_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** Remote names go into URLs and queries: letters, digits and the separators the six systems use. */
const REMOTE_TABLE = /^[A-Za-z0-9_.-]{1,200}$/;

type Checked<T> = { value?: T; errors: FieldError[] };

function text(value: unknown, field: string, errors: FieldError[], pattern?: RegExp, hint?: string): string | undefined {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
    errors.push({ field, message: 'must be a non-empty string of at most 200 characters' });
    return undefined;
  }
  if (pattern && !pattern.test(value)) {
    errors.push({ field, message: hint ?? `must match ${pattern.source}` });
    return undefined;
  }
  return value;
}

function fieldList(value: unknown, path: string): Checked<CustomFieldSetting[]> {
  const errors: FieldError[] = [];
  if (!Array.isArray(value)) return { errors: [{ field: path, message: 'must be a list of {remote, unified, type}' }] };
  if (value.length > MAX_FIELDS) return { errors: [{ field: path, message: `at most ${MAX_FIELDS} fields` }] };
  const fields: CustomFieldSetting[] = [];
  value.forEach((item: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!isJsonObject(item)) return void errors.push({ field: at, message: 'must be an object {remote, unified, type}' });
    const unknown = Object.keys(item).filter((key) => !['remote', 'unified', 'type'].includes(key));
    for (const key of unknown) errors.push({ field: `${at}.${key}`, message: 'unknown property; expected remote, unified, type' });
    const remote = text(item.remote, `${at}.remote`, errors);
    const unified = text(item.unified, `${at}.unified`, errors, UNIFIED_NAME, 'must start with a letter and hold only letters, digits and _ (at most 64)');
    const type = item.type;
    if (!FIELD_TYPES.includes(type as FieldType)) errors.push({ field: `${at}.type`, message: `must be one of ${FIELD_TYPES.join(', ')}` });
    if (unified && fields.some((field) => field.unified === unified)) errors.push({ field: `${at}.unified`, message: `${unified} is configured twice` });
    if (remote && unified && FIELD_TYPES.includes(type as FieldType)) fields.push({ remote, unified, type: type as FieldType });
  });
  return { value: fields, errors };
}

function customFields(value: unknown): Checked<UnifiedSettings['customFields']> {
  if (value === undefined) return { value: {}, errors: [] };
  if (!isJsonObject(value)) return { errors: [{ field: 'customFields', message: 'must be an object keyed by unified entity' }] };
  const errors: FieldError[] = [];
  const result: UnifiedSettings['customFields'] = {};
  for (const [entity, list] of Object.entries(value)) {
    if (!UNIFIED_ENTITIES.includes(entity as UnifiedEntity)) {
      errors.push({ field: `customFields.${entity}`, message: `unknown entity; expected one of ${UNIFIED_ENTITIES.join(', ')}` });
      continue;
    }
    const checked = fieldList(list, `customFields.${entity}`);
    errors.push(...checked.errors);
    if (checked.value) result[entity as UnifiedEntity] = checked.value;
  }
  return { value: result, errors };
}

function customObject(item: unknown, at: string): Checked<CustomObjectSetting> {
  if (!isJsonObject(item)) return { errors: [{ field: at, message: 'must be an object {name, remote, idField, modifiedField?, deletedField?, fields}' }] };
  const errors: FieldError[] = [];
  for (const key of Object.keys(item).filter((name) => !['name', 'remote', 'idField', 'modifiedField', 'deletedField', 'fields'].includes(name))) {
    errors.push({ field: `${at}.${key}`, message: 'unknown property; expected name, remote, idField, modifiedField, deletedField, fields' });
  }
  const name = text(item.name, `${at}.name`, errors, OBJECT_NAME, 'must start with a letter and hold only letters, digits, _ and - (at most 100)');
  const remote = text(item.remote, `${at}.remote`, errors, REMOTE_TABLE, 'must hold only letters, digits, _, . and -');
  const idField = text(item.idField, `${at}.idField`, errors);
  const modifiedField = item.modifiedField === undefined ? undefined : text(item.modifiedField, `${at}.modifiedField`, errors);
  const deletedField = item.deletedField === undefined ? undefined : text(item.deletedField, `${at}.deletedField`, errors);
  const fields = fieldList(item.fields ?? [], `${at}.fields`);
  errors.push(...fields.errors);
  if (!name || !remote || !idField || !fields.value) return { errors };
  return { value: { name, remote, idField, ...(modifiedField ? { modifiedField } : {}), ...(deletedField ? { deletedField } : {}), fields: fields.value }, errors };
}

function customObjects(value: unknown): Checked<CustomObjectSetting[]> {
  if (value === undefined) return { value: [], errors: [] };
  if (!Array.isArray(value)) return { errors: [{ field: 'customObjects', message: 'must be a list of custom objects' }] };
  if (value.length > MAX_OBJECTS) return { errors: [{ field: 'customObjects', message: `at most ${MAX_OBJECTS} custom objects` }] };
  const errors: FieldError[] = [];
  const objects: CustomObjectSetting[] = [];
  value.forEach((item: unknown, index) => {
    const checked = customObject(item, `customObjects[${index}]`);
    errors.push(...checked.errors);
    if (checked.value && objects.some((object) => object.name === checked.value?.name)) errors.push({ field: `customObjects[${index}].name`, message: `${checked.value.name} is configured twice` });
    else if (checked.value) objects.push(checked.value);
  });
  return { value: objects, errors };
}

/** One field's overrides: native code → a unified value the model allows for the field. */
function codeTable(value: unknown, path: string, allowed: readonly string[] | undefined): Checked<Record<string, string>> {
  if (!isJsonObject(value)) return { errors: [{ field: path, message: 'must be an object of native code → unified value' }] };
  const entries = Object.entries(value);
  if (entries.length > MAX_CODES) return { errors: [{ field: path, message: `at most ${MAX_CODES} codes` }] };
  const errors: FieldError[] = [];
  const table: Record<string, string> = {};
  for (const [code, unified] of entries) {
    const at = `${path}[${JSON.stringify(code)}]`;
    if (code.trim() === '' || code.length > 100) errors.push({ field: at, message: 'a native code must be a non-empty string of at most 100 characters' });
    else if (typeof unified !== 'string' || unified === '' || (allowed && !allowed.includes(unified))) errors.push({ field: at, message: `must be one of ${allowed?.join(', ') ?? 'a non-empty string'}` });
    // Defined, not assigned: a code `__proto__` (parsed JSON keeps it as a key) would set the prototype.
    else Object.defineProperty(table, code, { value: unified, enumerable: true, writable: true, configurable: true });
  }
  return { value: table, errors };
}

/** `codes`: per entity and field with a declared code table in this system, overrides of that table. */
function codeOverrides(value: unknown, system: SystemKind): Checked<CodeOverrides> {
  if (!isJsonObject(value)) return { errors: [{ field: 'codes', message: 'must be an object keyed by unified entity, then field' }] };
  const errors: FieldError[] = [];
  const result: CodeOverrides = {};
  for (const [entity, fields] of Object.entries(value)) {
    const path = `codes.${entity}`;
    if (!UNIFIED_ENTITIES.includes(entity as UnifiedEntity)) {
      errors.push({ field: path, message: `unknown entity; expected one of ${UNIFIED_ENTITIES.join(', ')}` });
      continue;
    }
    if (!isJsonObject(fields)) {
      errors.push({ field: path, message: 'must be an object keyed by field' });
      continue;
    }
    const tables: Record<string, Record<string, string>> = {};
    for (const [name, table] of Object.entries(fields)) {
      const spec = UNIFIED_MODEL[entity as UnifiedEntity].fields.find((candidate) => candidate.name === name);
      if (!spec) errors.push({ field: `${path}.${name}`, message: `unknown field of ${entity}` });
      else if (!declaredCodes(system, entity as UnifiedEntity, name)) errors.push({ field: `${path}.${name}`, message: `${system} maps ${entity}.${name} without a code table` });
      else {
        const checked = codeTable(table, `${path}.${name}`, spec.values);
        errors.push(...checked.errors);
        if (checked.value) tables[name] = checked.value;
      }
    }
    result[entity as UnifiedEntity] = tables;
  }
  return { value: result, errors };
}

/** The settings when the body is valid for a connection to `system`; else every problem, each naming its field. */
export function checkUnifiedSettings(body: unknown, system: SystemKind): { settings?: UnifiedSettings; errors: FieldError[] } {
  if (!isJsonObject(body)) return { errors: [{ field: '(body)', message: 'must be an object {customFields, customObjects, codes}' }] };
  const errors: FieldError[] = Object.keys(body)
    .filter((key) => !['customFields', 'customObjects', 'codes'].includes(key))
    .map((key) => ({ field: key, message: 'unknown property; expected customFields, customObjects, codes' }));
  const fields = customFields(body.customFields);
  const objects = customObjects(body.customObjects);
  const codes = body.codes === undefined ? undefined : codeOverrides(body.codes, system);
  errors.push(...fields.errors, ...objects.errors, ...(codes?.errors ?? []));
  if (errors.length > 0 || !fields.value || !objects.value) return { errors };
  return { settings: { customFields: fields.value, customObjects: objects.value, ...(codes?.value ? { codes: codes.value } : {}) }, errors };
}

/** Stored settings (a jsonb column written only through checkUnifiedSettings); anything else reads as none. */
export function storedUnifiedSettings(value: unknown, system: SystemKind): UnifiedSettings {
  const stored = checkUnifiedSettings(value, system).settings;
  if (stored) return stored;
  // Overrides a later mapping declaration no longer accepts (a field that lost its code table) do
  // not take the connection's custom fields and objects down with them.
  const withoutCodes = isJsonObject(value) ? checkUnifiedSettings(Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'codes')), system).settings : undefined;
  return withoutCodes ?? { customFields: {}, customObjects: [] };
}
