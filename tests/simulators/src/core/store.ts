/**
 * The in-memory data of one simulator: one collection per native entity set, records kept in the
 * system's own field names (the system module decides how ids, timestamps and deletes look).
 */

/** The unified kind a collection holds; permissions are named after it (`workOrder:write`). */
export type EntityKind = 'workOrder' | 'asset' | 'location' | 'purchaseOrder' | 'part' | 'vendor' | 'user' | 'customTable';

export interface CollectionSpec {
  /** The system's own name: `mxwo`, `MaintenanceOrder`, `WorkOrder`, `work-orders`, … */
  readonly name: string;
  readonly entity: EntityKind;
  /** Native field that carries the record id. */
  readonly idField: string;
  readonly firstId: number;
  /** Native field that carries the last modification time (incremental sync). */
  readonly modifiedField: string;
  /**
   * Native flag of a soft delete: a deleted record stays listed with this field true. Without it a
   * deleted record disappears from the API, as in systems where only a full scan notices deletes.
   */
  readonly deletedField?: string;
  /** Native field of the lines created with the header in one request (purchase order lines). */
  readonly linesField?: string;
}

export type Fields = Record<string, unknown>;

export interface StoredRecord {
  readonly id: number;
  fields: Fields;
  /** Bumped by every change: Maximo's `_rowstamp`, SAP's ETag. */
  version: number;
  readonly createdAt: Date;
  modifiedAt: Date;
  deleted: boolean;
}

/** A clock whose readings strictly increase, so `modified > cursor` never misses a change made in the same millisecond. */
export class MonotonicClock {
  private last = 0;

  now(): Date {
    this.last = Math.max(Date.now(), this.last + 1);
    return new Date(this.last);
  }
}

export interface ListOptions {
  includeDeleted?: boolean;
  modifiedAfter?: Date;
}

export class Collection {
  private readonly records = new Map<number, StoredRecord>();
  private nextId: number;
  /**
   * The records in id order, and those the API shows (soft-deleted ones only where the system
   * lists them), kept until a record is created or deleted: a listing pages them as a real system
   * pages an index, instead of copying and sorting the whole collection for every page (which made
   * the simulator, not the client, the cost of paging a large collection).
   */
  private ordered: { all: StoredRecord[]; visible: StoredRecord[] } | undefined;

  constructor(
    readonly spec: CollectionSpec,
    private readonly clock: MonotonicClock,
  ) {
    this.nextId = spec.firstId;
  }

  /** In id order; shared between calls until the collection changes, so never modified by a caller. */
  list(options: ListOptions = {}): readonly StoredRecord[] {
    const showDeleted = options.includeDeleted || this.spec.deletedField !== undefined;
    const ordered = this.orderedRecords();
    const listed = showDeleted ? ordered.all : ordered.visible;
    const { modifiedAfter } = options;
    return modifiedAfter ? listed.filter((record) => record.modifiedAt > modifiedAfter) : listed;
  }

  private orderedRecords(): { all: StoredRecord[]; visible: StoredRecord[] } {
    if (!this.ordered) {
      const all = [...this.records.values()].sort((a, b) => a.id - b.id);
      this.ordered = { all, visible: all.filter((record) => !record.deleted) };
    }
    return this.ordered;
  }

  /** A record the API can see: deleted ones only where the system shows soft deletes. */
  get(id: number, options: { includeDeleted?: boolean } = {}): StoredRecord | undefined {
    const record = this.records.get(id);
    if (!record) return undefined;
    if (record.deleted && !options.includeDeleted && this.spec.deletedField === undefined) return undefined;
    return record;
  }

  create(fields: Fields): StoredRecord {
    const requested = Number(fields[this.spec.idField]);
    const id = Number.isInteger(requested) && requested > 0 && !this.records.has(requested) ? requested : this.allocateId();
    this.nextId = Math.max(this.nextId, id + 1);
    const now = this.clock.now();
    const record: StoredRecord = { id, fields: this.ownFields(fields), version: 1, createdAt: now, modifiedAt: now, deleted: false };
    this.records.set(id, record);
    this.ordered = undefined;
    return record;
  }

  /** Merges `fields` into the record (a MERGE/PATCH), a new version and modification time. */
  update(record: StoredRecord, fields: Fields): StoredRecord {
    record.fields = { ...record.fields, ...this.ownFields(fields) };
    return this.touch(record);
  }

  softDelete(record: StoredRecord): StoredRecord {
    record.deleted = true;
    this.ordered = undefined;
    return this.touch(record);
  }

  private touch(record: StoredRecord): StoredRecord {
    record.version += 1;
    record.modifiedAt = this.clock.now();
    return record;
  }

  private allocateId(): number {
    while (this.records.has(this.nextId)) this.nextId += 1;
    return this.nextId;
  }

  /** Id, modification time and delete flag belong to the store, never to what a client sends. */
  private ownFields(fields: Fields): Fields {
    const { [this.spec.idField]: _id, [this.spec.modifiedField]: _modified, ...rest } = fields;
    if (this.spec.deletedField) delete rest[this.spec.deletedField];
    return rest;
  }
}

export class DataStore {
  private readonly collections = new Map<string, Collection>();
  readonly clock = new MonotonicClock();

  constructor(specs: readonly CollectionSpec[]) {
    for (const spec of specs) this.collections.set(spec.name, new Collection(spec, this.clock));
  }

  collection(name: string): Collection | undefined {
    return this.collections.get(name);
  }

  /** The collection holding a unified entity kind (the first one, where a system has several). */
  ofEntity(entity: EntityKind): Collection {
    const found = [...this.collections.values()].find((collection) => collection.spec.entity === entity);
    if (!found) throw new Error(`no collection holds ${entity}`);
    return found;
  }

  all(): Collection[] {
    return [...this.collections.values()];
  }
}
