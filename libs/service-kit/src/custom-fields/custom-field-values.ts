import type { FieldError } from '../errors/problem-details';

/**
 * Value rules of tenant-defined custom fields, shared by every service that stores them (a flat
 * `custom_fields` jsonb column per entity, definitions per tenant and entity type). The CRUD of
 * the definitions is CustomFieldDefinitionsService; their table and HTTP API stay in each service.
 */

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'enum'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** snake_case, starting with a letter, at most 63 characters: usable in `cf` filters as is. */
export const CUSTOM_FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export const MAX_CUSTOM_FIELD_TEXT = 2000;

/** What the value rules need to know of a definition. */
export interface CustomFieldSpec {
  key: string;
  label: string;
  type: CustomFieldType;
  required: boolean;
  /** Allowed values of an enum field. */
  options: readonly string[];
}

export type CustomFieldValue = string | number | boolean;
export type CustomFieldValues = Record<string, CustomFieldValue>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isValidDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Checks one value against its definition; returns the message of what is wrong, or undefined. */
export function customFieldValueProblem(definition: CustomFieldSpec, value: unknown): string | undefined {
  switch (definition.type) {
    case 'text':
      return typeof value === 'string' && value.length <= MAX_CUSTOM_FIELD_TEXT
        ? undefined
        : `must be a text of at most ${MAX_CUSTOM_FIELD_TEXT} characters`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'date':
      return typeof value === 'string' && isValidDate(value) ? undefined : 'must be a date (YYYY-MM-DD)';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'enum':
      return typeof value === 'string' && definition.options.includes(value)
        ? undefined
        : `must be one of ${definition.options.join(', ')}`;
    default:
      return 'has an unknown type';
  }
}

/**
 * A CSV cell (text) as the value it stands for: numbers and booleans are converted when they
 * look like one, anything else stays text (and fails validation if the field wants otherwise).
 */
export function customFieldValueFromText(definition: CustomFieldSpec, cell: string): unknown {
  switch (definition.type) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(cell.trim()) ? Number(cell) : cell;
    case 'boolean':
      return cell === 'true' ? true : cell === 'false' ? false : cell;
    default:
      return cell;
  }
}

/**
 * Validates submitted custom field values against the tenant's definitions for the entity type.
 * `existing` is the current value set (updates); `null` in `submitted` removes a value. Required
 * fields are enforced on creation (`existing` undefined); on an update they cannot be removed.
 * Returns the merged values, or field errors named `customFields.<key>`.
 */
export function mergeCustomFieldValues(
  definitions: readonly CustomFieldSpec[],
  submitted: Record<string, unknown> | undefined,
  existing: Record<string, unknown> | undefined,
  entityLabel: string,
): { values: CustomFieldValues; errors: FieldError[] } {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const errors: FieldError[] = [];
  const values: CustomFieldValues = {};
  for (const [key, value] of Object.entries(existing ?? {})) {
    if (byKey.has(key) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      values[key] = value;
    }
  }
  for (const [key, value] of Object.entries(submitted ?? {})) {
    const definition = byKey.get(key);
    const field = `customFields.${key}`;
    if (!definition) {
      errors.push({ field, message: `no custom field "${key}" is defined for ${entityLabel}` });
      continue;
    }
    if (value === null) {
      if (definition.required) errors.push({ field, message: `${definition.label} is required` });
      else delete values[key];
      continue;
    }
    const problem = customFieldValueProblem(definition, value);
    if (problem) errors.push({ field, message: `${definition.label} ${problem}` });
    else values[key] = value as CustomFieldValue;
  }
  if (existing === undefined) {
    for (const definition of definitions) {
      const field = `customFields.${definition.key}`;
      if (definition.required && values[definition.key] === undefined && !errors.some((e) => e.field === field)) {
        errors.push({ field, message: `${definition.label} is required` });
      }
    }
  }
  return { values, errors };
}

export const CUSTOM_FIELD_FILTER_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;
export type CustomFieldFilterOperator = (typeof CUSTOM_FIELD_FILTER_OPERATORS)[number];

export interface CustomFieldFilter {
  definition: CustomFieldSpec;
  operator: CustomFieldFilterOperator;
  value: CustomFieldValue;
}

/**
 * Parses `cf=<key>:<op>:<value>` list filters (op one of eq, ne, gt, gte, lt, lte, contains) against
 * the definitions; the value is converted to the field's type.
 */
export function parseCustomFieldFilters(
  definitions: readonly CustomFieldSpec[],
  raw: readonly string[],
): { filters: CustomFieldFilter[]; errors: FieldError[] } {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const filters: CustomFieldFilter[] = [];
  const errors: FieldError[] = [];
  for (const text of raw) {
    const match = /^([a-z][a-z0-9_]*):([a-z]+):(.*)$/s.exec(text);
    if (!match) {
      errors.push({ field: 'cf', message: `"${text.slice(0, 60)}" must look like <key>:<op>:<value>` });
      continue;
    }
    const [, key, operatorText, valueText] = match;
    const definition = byKey.get(key);
    if (!definition) {
      errors.push({ field: `cf.${key}`, message: `no custom field "${key}" is defined` });
      continue;
    }
    if (!(CUSTOM_FIELD_FILTER_OPERATORS as readonly string[]).includes(operatorText)) {
      errors.push({ field: `cf.${key}`, message: `operator must be one of ${CUSTOM_FIELD_FILTER_OPERATORS.join(', ')}` });
      continue;
    }
    const operator = operatorText as CustomFieldFilterOperator;
    const ordered = operator === 'gt' || operator === 'gte' || operator === 'lt' || operator === 'lte';
    let value: CustomFieldValue;
    if (definition.type === 'number') {
      value = Number(valueText);
      if (valueText.trim() === '' || !Number.isFinite(value)) {
        errors.push({ field: `cf.${key}`, message: 'value must be a number' });
        continue;
      }
    } else if (definition.type === 'boolean') {
      if (valueText !== 'true' && valueText !== 'false') {
        errors.push({ field: `cf.${key}`, message: 'value must be true or false' });
        continue;
      }
      value = valueText === 'true';
    } else {
      value = valueText;
      if (definition.type === 'date' && !isValidDate(valueText)) {
        errors.push({ field: `cf.${key}`, message: 'value must be a date (YYYY-MM-DD)' });
        continue;
      }
    }
    if (operator === 'contains' && definition.type !== 'text') {
      errors.push({ field: `cf.${key}`, message: 'contains only applies to text fields' });
      continue;
    }
    if (ordered && (definition.type === 'boolean' || definition.type === 'enum')) {
      errors.push({ field: `cf.${key}`, message: `${operator} does not apply to ${definition.type} fields` });
      continue;
    }
    filters.push({ definition, operator, value });
  }
  return { filters, errors };
}

const SQL_OPERATORS: Record<Exclude<CustomFieldFilterOperator, 'contains'>, string> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

/**
 * A WHERE fragment for one filter on `<alias>.custom_fields`, with its named parameters (TypeORM's
 * `:name` style). Parameter names are prefixed with `prefix` so several filters combine.
 */
export function customFieldFilterSql(
  alias: string,
  filter: CustomFieldFilter,
  prefix: string,
): { sql: string; parameters: Record<string, unknown> } {
  const keyParam = `${prefix}k`;
  const valueParam = `${prefix}v`;
  const column = `${alias}.custom_fields`;
  const text = `(${column} ->> :${keyParam})`;
  const parameters: Record<string, unknown> = { [keyParam]: filter.definition.key };
  if (filter.operator === 'contains') {
    parameters[valueParam] = `%${String(filter.value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return { sql: `${text} ILIKE :${valueParam}`, parameters };
  }
  if (filter.operator === 'eq') {
    // jsonb containment: a GIN index on the column can serve it (not under row-level security,
    // where PostgreSQL does not use an index for an operator that is not leakproof).
    parameters[valueParam] = JSON.stringify({ [filter.definition.key]: filter.value });
    return { sql: `${column} @> CAST(:${valueParam} AS jsonb)`, parameters };
  }
  const operator = SQL_OPERATORS[filter.operator];
  const number = filter.definition.type === 'number';
  parameters[valueParam] = number ? filter.value : String(filter.value);
  const comparison = number
    ? `CAST(${text} AS numeric) ${operator} CAST(:${valueParam} AS numeric)`
    : `${text} ${operator} :${valueParam}`;
  // "Not equal" includes records without a value, whatever the field's type.
  if (filter.operator === 'ne') return { sql: `(${text} IS NULL OR ${comparison})`, parameters };
  return { sql: comparison, parameters };
}
