/**
 * Values between a system's representation and the unified one: the named transforms of the
 * mapping declarations, then the unified type. Pure.
 */
import type { JsonObject } from '../adapters/upstream-reply';
import type { Transform } from './mapping';
import type { FieldType } from './model';

const SAP_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

/**
 * A code table's entry for a key, own entries only: code tables are plain objects keyed by remote
 * data, and a code such as `constructor` or `toString` must not reach the object's prototype.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table && Object.hasOwn(table, key) ? table[key] : undefined;
}

function isoFromMillis(millis: number): string | null {
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function applyTransform(value: unknown, transform: Transform): unknown {
  switch (transform.kind) {
    case 'epochSeconds':
      return typeof value === 'number' || /^\d+$/.test(String(value)) ? isoFromMillis(Number(value) * 1000) : value;
    case 'epochMillis':
      return typeof value === 'number' || /^\d+$/.test(String(value)) ? isoFromMillis(Number(value)) : value;
    case 'sapDate': {
      const match = SAP_DATE.exec(String(value));
      return match ? isoFromMillis(Number(match[1])) : value;
    }
    case 'flag':
      return value === true || value === 1 || value === '1' || value === 'X' || value === 'true';
    case 'codes':
      return ownEntry(transform.codes, String(value)) ?? String(value);
  }
}

function asType(value: unknown, type: FieldType): unknown {
  switch (type) {
    case 'string':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'number': {
      const number = Number(value);
      return value === '' || !Number.isFinite(number) ? null : number;
    }
    case 'integer': {
      const number = Number(value);
      return value === '' || !Number.isFinite(number) ? null : Math.trunc(number);
    }
    case 'boolean':
      return applyTransform(value, { kind: 'flag' });
    case 'datetime': {
      const sap = SAP_DATE.exec(String(value));
      if (sap) return isoFromMillis(Number(sap[1]));
      return typeof value === 'number' ? isoFromMillis(value) : isoFromMillis(Date.parse(String(value)));
    }
    case 'json':
      return value;
  }
}

/** A remote value as the unified type; null stays null. */
export function fromRemote(value: unknown, type: FieldType, transform?: Transform): unknown {
  if (value === null || value === undefined) return null;
  const transformed = transform ? applyTransform(value, transform) : value;
  return transformed === null ? null : asType(transformed, type);
}

/** A unified value as the system writes it: the transform reversed (a status name back to its code). */
export function toRemoteValue(value: unknown, transform?: Transform): unknown {
  if (value === null || value === undefined || !transform) return value;
  switch (transform.kind) {
    case 'epochSeconds':
      return Math.floor(Date.parse(String(value)) / 1000);
    case 'epochMillis':
      return Date.parse(String(value));
    case 'sapDate':
      return `/Date(${Date.parse(String(value))})/`;
    case 'flag':
      return value === true;
    case 'codes': {
      const code = ownEntry(transform.writes, String(value)) ?? Object.entries(transform.codes).find(([, name]) => name === value)?.[0];
      return code ?? value;
    }
  }
}

/** Reads one step: an object's key, or in a list of `{field|name, value}` pairs the pair's value. */
function step(current: unknown, segment: string): { found: boolean; value?: unknown } {
  if (Array.isArray(current)) {
    const pair = current.find((item): item is JsonObject => typeof item === 'object' && item !== null && ((item as JsonObject).field === segment || (item as JsonObject).name === segment));
    return pair ? { found: true, value: 'value' in pair ? pair.value : pair } : { found: false };
  }
  if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) return { found: true, value: (current as JsonObject)[segment] };
  return { found: false };
}

/** The value at a dotted path; `found` tells a missing field from one that is there and null. */
export function readPath(record: JsonObject, path: string): { found: boolean; value?: unknown } {
  if (path in record) return { found: true, value: record[path] };
  let current: { found: boolean; value?: unknown } = { found: true, value: record };
  for (const segment of path.split('.')) {
    current = step(current.value, segment);
    if (!current.found) return current;
  }
  return current;
}

/** OData v2 wraps expanded navigation lists in `{results}`; a deferred one (`__deferred`) has no lines here. */
export function asList(value: unknown): JsonObject[] | undefined {
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null && Array.isArray((value as JsonObject).results) ? (value as JsonObject).results : undefined;
  return (list as unknown[] | undefined)?.filter((item): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item));
}
