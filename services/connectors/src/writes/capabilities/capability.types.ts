import type { SystemKind, UnifiedEntity } from '../../adapters';

export const WRITE_OPERATIONS = ['create', 'update', 'delete'] as const;
export type WriteOperation = (typeof WRITE_OPERATIONS)[number];

/** How a delete is carried out: removed, flagged as deleted, or moved to a cancelled status. */
export type DeleteMode = 'hard' | 'soft' | 'cancel_status';

/** The value a unified field takes in a write body; checked before the mapping runs. */
export type FieldType = 'string' | 'integer' | 'number' | 'datetime' | 'lines';

/** One unified field of a write: when it may be written, and what it is called upstream. */
export interface FieldCapability {
  type: FieldType;
  /** The system's own field (or the line list's field). */
  remote: string;
  create: boolean;
  update: boolean;
  requiredOnCreate?: boolean;
  /** Why it is read-only, or only writable on create: shown to the caller. */
  reason?: string;
  /** A reference that must exist among the connection's synced records (e.g. a vendor code). */
  references?: UnifiedEntity;
  /**
   * How the system stores a value the unified model carries differently: `integer` (an id or a
   * priority the model keeps as text), `decimal_text` (OData's Edm.Decimal as a string).
   */
  native?: 'integer' | 'decimal_text';
  /** A field the system requires that the unified model has no name for (SAP's order type): a write-only extension. */
  extension?: boolean;
  /** For `lines`: the fields of one line. */
  lineFields?: Readonly<Record<string, FieldCapability>>;
}

/**
 * A workflow-state lock: while the record's `field` (the system's own status field) holds one of
 * `states`, the listed operations are refused, and updates may touch only `except` fields.
 */
export interface StateLock {
  field: string;
  states: readonly string[];
  operations: readonly WriteOperation[];
  except?: readonly string[];
  reason: string;
}

/** The status changes the system allows (its own codes), from the record's current status. */
export interface StatusTransitions {
  field: string;
  allowed: Readonly<Record<string, readonly string[]>>;
}

export interface OperationCapability {
  supported: boolean;
  /** Why not, or how (e.g. "create, then PATCH statusID"). */
  reason?: string;
}

export interface DeleteCapability extends OperationCapability {
  mode?: DeleteMode;
  /** For `cancel_status`: the remote status field and value a delete sets. */
  cancel?: { field: string; value: string };
}

/** How header and lines reach the system: together in one request, or one by one with compensation. */
export type LinesAtomicity = 'deep_insert' | 'compensated';

export interface EntityCapability {
  create: OperationCapability;
  update: OperationCapability;
  delete: DeleteCapability;
  fields: Readonly<Record<string, FieldCapability>>;
  locks: readonly StateLock[];
  transitions?: StatusTransitions;
  lines?: LinesAtomicity;
  /**
   * The remote field a create writes the ledger's tag into, so a retry after a lost reply finds
   * the record instead of creating a second one; absent: an in-doubt create is never re-sent.
   */
  createTag?: string;
  /** Custom fields (the connection's configured extras) on writes. */
  customFields: { writable: boolean; reason?: string };
}

export type SystemCapabilities = Readonly<Partial<Record<UnifiedEntity, EntityCapability>>>;
export type CapabilityMatrix = Readonly<Record<SystemKind, SystemCapabilities>>;
