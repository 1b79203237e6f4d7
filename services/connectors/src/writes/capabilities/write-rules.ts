/**
 * The checks a write passes before anything goes upstream, read from the capability matrix: the
 * operation, each field (known, writable now, of the right type), required fields, the record's
 * workflow state, custom fields, and references that must exist among the synced records. Every
 * problem is listed, not just the first, so the validate endpoint can show them all at once.
 */
import type { SystemKind, UnifiedEntity } from '../../adapters';
import { MAPPINGS, toRemoteValue, withOverrides, type CodeOverrides, type Transform } from '../../unified';
import { CAPABILITY_MATRIX, readOnlyReason } from './capability-matrix';
import type { EntityCapability, FieldCapability, StateLock, WriteOperation } from './capability.types';

export type WriteProblemCode =
  | 'unsupported_operation'
  | 'unknown_field'
  | 'read_only'
  | 'not_writable_on_create'
  | 'not_writable_on_update'
  | 'state_locked'
  | 'invalid_transition'
  | 'required'
  | 'wrong_type'
  | 'unknown_reference'
  | 'custom_field_not_writable'
  | 'permission_denied';

export interface WriteProblem {
  field: string;
  code: WriteProblemCode;
  message: string;
  /** For `state_locked` and `invalid_transition`: the record's state, the system's own code. */
  state?: string;
  /** For `state_locked`: that state as reads show it (the connection's code table applied), e.g. `completed` for Maximo `COMP`. */
  unifiedState?: string;
}

export type UnifiedValues = Readonly<Record<string, unknown>>;

export interface WriteAttempt {
  system: SystemKind;
  entity: UnifiedEntity;
  operation: WriteOperation;
  /** Unified fields (create, update); empty for a delete. */
  fields: UnifiedValues;
  customFields: UnifiedValues;
  /** The record as it is upstream now, in the system's own fields (update, delete). */
  current?: Readonly<Record<string, unknown>>;
  /** The custom fields the connection's unified settings name for this entity. */
  customFieldNames: readonly string[];
  /** The connection's code overrides for this entity (settings `codes`): a status is checked as the code it is sent as. */
  codes?: CodeOverrides[UnifiedEntity];
}

/** Whether a reference (e.g. a vendor code) is among the connection's synced records of `entity`. */
export type ReferenceCheck = (entity: UnifiedEntity, value: string) => Promise<'found' | 'missing' | 'not_synced'>;

export function capabilityOf(system: SystemKind, entity: UnifiedEntity): EntityCapability | undefined {
  return CAPABILITY_MATRIX[system][entity];
}

/** The operation's support, or the reason it has none. */
export function operationProblem(system: SystemKind, entity: UnifiedEntity, operation: WriteOperation): WriteProblem | undefined {
  const capability = capabilityOf(system, entity);
  if (!capability) return { field: 'entity', code: 'unsupported_operation', message: readOnlyReason(entity) };
  const support = capability[operation];
  if (support.supported) return undefined;
  return { field: 'operation', code: 'unsupported_operation', message: `${system} cannot ${operation} a ${entity}: ${support.reason ?? 'not supported'}` };
}

export async function checkWrite(attempt: WriteAttempt, referenceExists: ReferenceCheck): Promise<WriteProblem[]> {
  const unsupported = operationProblem(attempt.system, attempt.entity, attempt.operation);
  if (unsupported) return [unsupported];
  const capability = capabilityOf(attempt.system, attempt.entity) as EntityCapability;
  const problems = [...lockProblems(capability, attempt), ...transitionProblems(capability, attempt)];
  if (attempt.operation === 'delete') return problems;
  const creating = attempt.operation === 'create';
  problems.push(...fieldProblems(capability.fields, attempt.fields, creating, '', (name) => codeTransform(attempt, name)));
  problems.push(...customFieldProblems(capability, attempt));
  problems.push(...(await referenceProblems(capability.fields, attempt.fields, creating, referenceExists)));
  return problems;
}

/** Each field of a record (or of one line), then the required ones that are missing. */
function fieldProblems(declared: Readonly<Record<string, FieldCapability>>, values: UnifiedValues, creating: boolean, prefix: string, codesOf: (name: string) => Transform | undefined = () => undefined): WriteProblem[] {
  const problems: WriteProblem[] = [];
  for (const [name, value] of Object.entries(values)) {
    const path = `${prefix}${name}`;
    const field = declared[name];
    if (!field) {
      problems.push({ field: path, code: 'unknown_field', message: `${name} is not a field of this entity's writes (known: ${Object.keys(declared).join(', ')})` });
      continue;
    }
    const writable = creating ? field.create : field.update;
    if (!writable) {
      const code = !field.create && !field.update ? 'read_only' : creating ? 'not_writable_on_create' : 'not_writable_on_update';
      problems.push({ field: path, code, message: `${name} cannot be written${code === 'read_only' ? '' : creating ? ' on create' : ' on update'}: ${field.reason ?? 'read-only'}` });
      continue;
    }
    problems.push(...codedTypeProblems(field, value, path, creating, codesOf(name)));
  }
  if (creating) {
    for (const [name, field] of Object.entries(declared)) {
      if (field.requiredOnCreate && (values[name] === undefined || values[name] === null || values[name] === '')) {
        problems.push({ field: `${prefix}${name}`, code: 'required', message: `${name} is required to create one` });
      }
    }
  }
  return problems;
}

function typeProblems(field: FieldCapability, value: unknown, path: string, creating: boolean): WriteProblem[] {
  if (value === null) return [];
  const wrong = (expected: string): WriteProblem[] => [{ field: path, code: 'wrong_type', message: `must be ${expected}` }];
  if (field.native === 'integer') return /^-?\d+$/.test(String(value)) && ['string', 'number'].includes(typeof value) ? [] : wrong('a whole number (as text or a number)');
  switch (field.type) {
    case 'string':
      return typeof value === 'string' ? [] : wrong('a string');
    case 'integer':
      return Number.isInteger(value) ? [] : wrong('a whole number');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : wrong('a number');
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? [] : wrong('an ISO 8601 date-time');
    case 'lines':
      return lineProblems(field, value, path, creating);
  }
}

/**
 * A field with a code table (a status) is checked as the code it is sent as, the connection's
 * overrides applied: Limble's `on_hold` is fine where the connection maps an id to it, not otherwise.
 */
function codedTypeProblems(field: FieldCapability, value: unknown, path: string, creating: boolean, codes: Transform | undefined): WriteProblem[] {
  if (codes?.kind !== 'codes' || value === null) return typeProblems(field, value, path, creating);
  const problems = typeProblems(field, toRemoteValue(value, codes), path, creating);
  const mapped = [...new Set(Object.values(codes.codes))].join(', ');
  return problems.map((problem) => ({ ...problem, message: `must be a value this connection's code table maps (${mapped}), or a native code that is ${problem.message.replace(/^must be /, '')}` }));
}

function lineProblems(field: FieldCapability, value: unknown, path: string, creating: boolean): WriteProblem[] {
  if (!Array.isArray(value) || value.length === 0) return [{ field: path, code: 'wrong_type', message: 'must be a non-empty list of lines' }];
  return value.flatMap((line: unknown, index) => {
    if (typeof line !== 'object' || line === null || Array.isArray(line)) return [{ field: `${path}[${index}]`, code: 'wrong_type' as const, message: 'must be an object' }];
    return fieldProblems(field.lineFields ?? {}, line as UnifiedValues, creating, `${path}[${index}].`);
  });
}

/** A record in a locking state: the operation is refused, or only the `except` fields may change. */
function lockProblems(capability: EntityCapability, attempt: WriteAttempt): WriteProblem[] {
  if (!attempt.current || attempt.operation === 'create') return [];
  const problems: WriteProblem[] = [];
  for (const lock of capability.locks) {
    const state = String(attempt.current[lock.field] ?? '');
    const unified = unifiedStateOf(attempt, lock.field, state);
    if (!lock.operations.includes(attempt.operation) || !(lock.states.includes(state) || unified?.lockedByOverride(lock.states))) continue;
    const shown = unified && unified.value !== state ? `${state} (${unified.value})` : state;
    const about = { code: 'state_locked' as const, state, ...(unified ? { unifiedState: unified.value } : {}) };
    if (attempt.operation === 'delete') {
      problems.push({ field: lock.field, ...about, message: `cannot delete in state ${shown}: ${lock.reason}` });
      continue;
    }
    const locked = [...Object.keys(attempt.fields), ...Object.keys(attempt.customFields).map((name) => `custom_fields.${name}`)].filter((name) => !(lock.except ?? []).includes(name));
    for (const name of locked) problems.push({ field: name, ...about, message: `${name} cannot change while ${lock.field} is ${shown}: ${lock.reason}` });
  }
  return problems;
}

/**
 * A lock in both vocabularies, for the capabilities view: its locking codes with those the
 * connection's overrides add (`states`), and their values as reads show them (`unified_states`).
 */
export function lockView(system: SystemKind, entity: UnifiedEntity, lock: StateLock, codes?: CodeOverrides[UnifiedEntity]): StateLock & { unified_field?: string; unified_states?: string[] } {
  const mapping = MAPPINGS[system]?.entities[entity]?.fields.find((candidate) => candidate.remote === lock.field && candidate.transform?.kind === 'codes');
  const declared = mapping?.transform;
  if (!mapping || declared?.kind !== 'codes') return lock;
  const locking = new Set(lock.states.map((state) => declared.codes[state]).filter((value): value is string => value !== undefined));
  const added = Object.entries(codes?.[mapping.unified] ?? {}).filter(([code, value]) => !lock.states.includes(code) && locking.has(value)).map(([code]) => code);
  const effective = withOverrides(declared, codes?.[mapping.unified]);
  const states = [...lock.states, ...added];
  const unified = states.map((state) => (effective?.kind === 'codes' ? effective.codes[state] : undefined)).filter((value): value is string => value !== undefined);
  return { ...lock, states, unified_field: mapping.unified, unified_states: [...new Set(unified)] };
}

/**
 * A lock's state as reads show it, through the read mapping's code table of the locked field with
 * the connection's overrides. The matrix names the system's own codes; a code the connection's
 * overrides map (a customer's own status, a Maximo synonym) to the unified value of a locking code
 * locks too, so a record that reads `completed` is locked as a `COMP` one is.
 */
function unifiedStateOf(attempt: WriteAttempt, field: string, state: string): { value: string; lockedByOverride(states: readonly string[]): boolean } | undefined {
  const mapping = MAPPINGS[attempt.system]?.entities[attempt.entity]?.fields.find((candidate) => candidate.remote === field && candidate.transform?.kind === 'codes');
  const declared = mapping?.transform;
  const effective = mapping ? withOverrides(declared, attempt.codes?.[mapping.unified]) : undefined;
  if (declared?.kind !== 'codes' || effective?.kind !== 'codes' || !Object.hasOwn(effective.codes, state)) return undefined;
  const value = effective.codes[state] as string;
  const overridden = Object.hasOwn(attempt.codes?.[mapping?.unified ?? ''] ?? {}, state);
  return { value, lockedByOverride: (states) => overridden && states.some((locking) => declared.codes[locking] === value) };
}

/** A status change (or a delete that cancels) the system's workflow does not allow from the current status. */
function transitionProblems(capability: EntityCapability, attempt: WriteAttempt): WriteProblem[] {
  const { transitions } = capability;
  if (!transitions || !attempt.current || attempt.operation === 'create') return [];
  const from = String(attempt.current[transitions.field] ?? '');
  const cancel = capability.delete.cancel;
  const to =
    attempt.operation === 'delete'
      ? cancel?.field === transitions.field ? cancel.value : undefined
      : attempt.fields.status === undefined ? undefined : String(toRemoteValue(attempt.fields.status, codeTransform(attempt, 'status')));
  if (to === undefined || to === from || (transitions.allowed[from] ?? []).includes(to)) return [];
  // A locked state already says why; the transition would only repeat it.
  if (lockProblems(capability, attempt).length > 0) return [];
  return [{ field: attempt.operation === 'delete' ? transitions.field : 'status', code: 'invalid_transition', state: from, message: `${attempt.system} does not allow ${from} → ${to} (allowed: ${(transitions.allowed[from] ?? []).join(', ') || 'none'})` }];
}

/** The read mapping's code table of a header field, with the connection's overrides; undefined where it has none. */
function codeTransform(attempt: WriteAttempt, name: string): Transform | undefined {
  const declared = MAPPINGS[attempt.system]?.entities[attempt.entity]?.fields.find((field) => field.unified === name)?.transform;
  return declared?.kind === 'codes' ? withOverrides(declared, attempt.codes?.[name]) : undefined;
}

/**
 * Custom fields the connection names (settings) go next to the standard ones; a system whose API
 * cannot write them refuses each by name.
 */
function customFieldProblems(capability: EntityCapability, { system, customFields, customFieldNames }: WriteAttempt): WriteProblem[] {
  return Object.keys(customFields).flatMap((name): WriteProblem[] => {
    const field = `custom_fields.${name}`;
    if (!customFieldNames.includes(name)) return [{ field, code: 'unknown_field', message: `${name} is not a custom field of this connection's settings (known: ${customFieldNames.join(', ') || 'none'})` }];
    if (!capability.customFields.writable) return [{ field, code: 'custom_field_not_writable', message: `${system} custom fields cannot be written: ${capability.customFields.reason ?? 'not supported'}` }];
    return [];
  });
}

/** References of the fields this operation may write (a refused field is reported once, as refused, and not looked up). */
async function referenceProblems(declared: Readonly<Record<string, FieldCapability>>, values: UnifiedValues, creating: boolean, referenceExists: ReferenceCheck): Promise<WriteProblem[]> {
  const problems: WriteProblem[] = [];
  for (const [name, field] of Object.entries(declared)) {
    const value = values[name];
    if (!field.references || !(creating ? field.create : field.update) || value === undefined || value === null || value === '') continue;
    const found = await referenceExists(field.references, String(value));
    if (found === 'missing') problems.push({ field: name, code: 'unknown_reference', message: `${String(value)} is not among the connection's synced ${field.references} records` });
    if (found === 'not_synced') problems.push({ field: name, code: 'unknown_reference', message: `no ${field.references} records have been synced from this connection yet: sync ${field.references} first` });
  }
  return problems;
}
