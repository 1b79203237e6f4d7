/**
 * The record operations every system offers, with permission checks and optimistic locking; the
 * system modules only translate their URLs, bodies and replies to and from these.
 */
import type { SimulatorState } from './state';
import type { Collection, Fields, StoredRecord } from './store';
import { SimulatedFailure } from './system';

export interface Found {
  collection: Collection;
  record: StoredRecord;
}

export function listRecords(sim: SimulatorState, name: string, modifiedAfter?: Date): { collection: Collection; records: readonly StoredRecord[] } {
  const collection = sim.authorize(name, 'read');
  return { collection, records: collection.list({ modifiedAfter }) };
}

export function getRecord(sim: SimulatorState, name: string, id: unknown): Found {
  const collection = sim.authorize(name, 'read');
  return { collection, record: sim.record(collection, id) };
}

/** Creates a record; header and lines together or not at all (the lines come inside `fields`). */
export function createRecord(sim: SimulatorState, name: string, fields: unknown): Found {
  const collection = sim.authorize(name, 'write');
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new SimulatedFailure(sim.system.errors.validation('The body must be a JSON object.'));
  }
  const linesField = collection.spec.linesField;
  const lines = linesField ? (fields as Fields)[linesField] : undefined;
  if (lines !== undefined && (!Array.isArray(lines) || lines.some((line) => typeof line !== 'object' || line === null))) {
    throw new SimulatedFailure(sim.system.errors.validation(`${linesField} must be a list of line objects.`, linesField));
  }
  return { collection, record: collection.create(fields as Fields) };
}

/**
 * Merges `fields` into the record. `expectedVersion` (from `If-Match` or a `_rowstamp`) must be the
 * current version, else the system's stale-version error: someone else changed the record.
 */
export function updateRecord(sim: SimulatorState, name: string, id: unknown, fields: unknown, expectedVersion?: number): Found {
  const collection = sim.authorize(name, 'write');
  const record = sim.record(collection, id);
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new SimulatedFailure(sim.system.errors.validation('The body must be a JSON object.'));
  }
  if (expectedVersion !== undefined && expectedVersion !== record.version) throw new SimulatedFailure(sim.system.errors.staleVersion());
  return { collection, record: collection.update(record, fields as Fields) };
}

export function deleteRecord(sim: SimulatorState, name: string, id: unknown, expectedVersion?: number): Found {
  const collection = sim.authorize(name, 'write');
  const record = sim.record(collection, id);
  if (expectedVersion !== undefined && expectedVersion !== record.version) throw new SimulatedFailure(sim.system.errors.staleVersion());
  return { collection, record: collection.softDelete(record) };
}
