import type { Principal, Role } from '@mate/service-kit';
import type { UpdateWorkOrderDto } from './dtos/work-order.dtos';
import type { WorkOrder } from './work-order.entity';
import { invalidField } from './work-order.exception';
import { priorityRank, REACTIVE_TYPES, type CustomFields, type CustomFieldsInput } from './work-order.model';
import type { FieldChanges } from './work-order.repository';

/** A field of `PATCH /work-orders/{id}`. */
type UpdatableField = keyof UpdateWorkOrderDto;

/**
 * Which PATCH fields each role may change: the one place that says so (docs/services/work-orders.md,
 * Roles). Technicians work on what is assigned to them: what they found and did (description,
 * failure codes, downtime); who does the work, when, on what, how long it should take and the
 * tenant's own fields are the planners'. A field not listed for a role is reserved, so a field
 * added to the DTO later is reserved until someone decides otherwise.
 */
const FIELDS_BY_ROLE: Readonly<Record<Role, 'all' | readonly UpdatableField[]>> = {
  admin: 'all',
  planner: 'all',
  integration: 'all',
  technician: ['description', 'failureCodes', 'downtime'],
  viewer: [],
  requester: [],
};

/** Whether one of the principal's roles may change `field`. */
function mayChangeField(principal: Principal, field: UpdatableField): boolean {
  return principal.roles.some((role) => {
    const fields = FIELDS_BY_ROLE[role];
    return fields === 'all' || fields.includes(field);
  });
}

/** What applying a PATCH needs besides the work order: the asset read model and the tenant's field definitions. */
export interface PatchServices {
  /** The asset and location of work moved to `target` (checked as for new work). */
  resolvePlace(target: { assetId: string | null; locationId: string | null }): Promise<{ assetId: string | null; locationId: string | null }>;
  /** The custom fields after merging `submitted` into `stored`, checked against the definitions. */
  mergeCustomFields(submitted: CustomFieldsInput, stored: CustomFields): Promise<CustomFields>;
}

interface Patch {
  workOrder: WorkOrder;
  dto: UpdateWorkOrderDto;
  changes: FieldChanges;
  services: PatchServices;
}

/**
 * One PATCH field: whether the value sent leaves the work order as it is (PATCH semantics: `null`
 * clears, `failureCodes` and `customFields` merge key by key), so that a client sending back what
 * it read is not refused for fields its role may not change; and how it is applied.
 */
interface PatchField {
  sameAsStored(workOrder: WorkOrder, dto: UpdateWorkOrderDto): boolean;
  apply(patch: Patch): void | Promise<void>;
  /** A rule of the field that holds when the PATCH leaves it out (checked in the field's turn). */
  whenAbsent?(patch: Patch): void;
}

function dateOrNull(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}

function sameTime(stored: Date | null, sent: string | null): boolean {
  return (stored?.getTime() ?? null) === (sent === null ? null : Date.parse(sent));
}

function sameJson(stored: unknown, sent: unknown): boolean {
  return JSON.stringify(stored) === JSON.stringify(sent);
}

/** Sets one column, recording the change under the API field name when the value differs. */
function set<K extends keyof WorkOrder>(patch: Patch, field: string, key: K, value: WorkOrder[K]): void {
  const before = patch.workOrder[key];
  const same =
    before instanceof Date || value instanceof Date
      ? (before as Date | null)?.getTime() === (value as Date | null)?.getTime()
      : JSON.stringify(before) === JSON.stringify(value);
  if (same) return;
  patch.changes[field] = { from: before, to: value };
  patch.workOrder[key] = value;
}

/** A field stored in one column under the same name. */
function column<K extends UpdatableField & keyof WorkOrder>(key: K, toColumn?: (value: UpdateWorkOrderDto[K]) => WorkOrder[K]): PatchField {
  return {
    sameAsStored: (workOrder, dto) => sameJson(workOrder[key], dto[key]),
    apply: (patch) => set(patch, key, key, toColumn ? toColumn(patch.dto[key]) : (patch.dto[key] as WorkOrder[K])),
  };
}

function timeColumn(key: 'dueAt' | 'plannedStartAt'): PatchField {
  return {
    sameAsStored: (workOrder, dto) => sameTime(workOrder[key], dto[key] ?? null),
    apply: (patch) => set(patch, key, key, dateOrNull(patch.dto[key])),
  };
}

/** Asset and location move together: a new asset takes its own location unless one is sent. */
async function applyPlace(patch: Patch): Promise<void> {
  const { workOrder, dto } = patch;
  const assetId = dto.assetId !== undefined ? dto.assetId : workOrder.assetId;
  const assetChanged = assetId !== workOrder.assetId;
  const requestedLocation = dto.locationId !== undefined ? dto.locationId : assetChanged ? null : workOrder.locationId;
  const target = await patch.services.resolvePlace({
    assetId: assetChanged ? assetId : null,
    locationId: requestedLocation !== workOrder.locationId ? requestedLocation : null,
  });
  set(patch, 'assetId', 'assetId', assetId);
  const locationId = dto.locationId !== undefined ? dto.locationId : assetChanged ? target.locationId : workOrder.locationId;
  set(patch, 'locationId', 'locationId', locationId);
}

/** Without failureCodes in the PATCH, a new type must still accept the codes the work order holds. */
function failureCodesStillApply(patch: Patch): void {
  const { workOrder } = patch;
  const hasFailureCodes = workOrder.failureProblem || workOrder.failureCause || workOrder.failureRemedy;
  if (patch.changes['type'] && !REACTIVE_TYPES.includes(workOrder.type) && hasFailureCodes) {
    throw invalidField('type', 'clear the failure codes first: they apply to corrective and emergency work only');
  }
}

function applyFailureCodes(patch: Patch): void {
  const { workOrder } = patch;
  const codes = patch.dto.failureCodes;
  if (codes !== null && !REACTIVE_TYPES.includes(workOrder.type)) {
    throw invalidField('failureCodes', 'failure codes apply to corrective and emergency work only');
  }
  const before = { problem: workOrder.failureProblem, cause: workOrder.failureCause, remedy: workOrder.failureRemedy };
  const merged = {
    problem: codes === null ? null : codes?.problem !== undefined ? codes.problem : before.problem,
    cause: codes === null ? null : codes?.cause !== undefined ? codes.cause : before.cause,
    remedy: codes === null ? null : codes?.remedy !== undefined ? codes.remedy : before.remedy,
  };
  if (JSON.stringify(before) === JSON.stringify(merged)) return;
  patch.changes['failureCodes'] = { from: before, to: merged };
  workOrder.failureProblem = merged.problem ?? null;
  workOrder.failureCause = merged.cause ?? null;
  workOrder.failureRemedy = merged.remedy ?? null;
}

function applyDowntime(patch: Patch): void {
  const { workOrder } = patch;
  const downtime = patch.dto.downtime;
  if (downtime?.endedAt && Date.parse(downtime.endedAt) < Date.parse(downtime.startedAt)) {
    throw invalidField('downtime.endedAt', 'must not be before startedAt');
  }
  const before = {
    startedAt: workOrder.downtimeStartedAt?.toISOString() ?? null,
    endedAt: workOrder.downtimeEndedAt?.toISOString() ?? null,
    planned: workOrder.downtimePlanned,
  };
  const after = {
    startedAt: downtime ? new Date(downtime.startedAt).toISOString() : null,
    endedAt: downtime?.endedAt ? new Date(downtime.endedAt).toISOString() : null,
    planned: downtime?.planned ?? false,
  };
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  patch.changes['downtime'] = { from: before, to: after };
  workOrder.downtimeStartedAt = dateOrNull(after.startedAt);
  workOrder.downtimeEndedAt = dateOrNull(after.endedAt);
  workOrder.downtimePlanned = after.planned;
}

async function applyCustomFields(patch: Patch): Promise<void> {
  const before = patch.workOrder.customFields;
  const after = await patch.services.mergeCustomFields(patch.dto.customFields ?? {}, before);
  // One change per key (`customFields.shift`), as in the history and WorkOrderUpdated.changed_fields.
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      patch.changes[`customFields.${key}`] = { from: before[key] ?? null, to: after[key] ?? null };
    }
  }
  patch.workOrder.customFields = after;
}

/**
 * Every PATCH field, in the order they are applied (and appear in the history and in
 * WorkOrderUpdated.changed_fields). Typed by the DTO: a field added there must be added here.
 */
const PATCH_FIELDS: Readonly<Record<UpdatableField, PatchField>> = {
  title: column('title'),
  description: column('description'),
  type: column('type'),
  priority: {
    sameAsStored: (wo, dto) => wo.priority === dto.priority,
    apply: (patch) => {
      set(patch, 'priority', 'priority', patch.dto.priority as WorkOrder['priority']);
      patch.workOrder.priorityRank = priorityRank(patch.workOrder.priority);
    },
  },
  assetId: { sameAsStored: (wo, dto) => wo.assetId === dto.assetId, apply: applyPlace },
  // Applied with the asset when the PATCH has one.
  locationId: { sameAsStored: (wo, dto) => wo.locationId === dto.locationId, apply: (patch) => (patch.dto.assetId === undefined ? applyPlace(patch) : undefined) },
  assigneeIds: column('assigneeIds'),
  teamId: column('teamId'),
  requesterId: column('requesterId'),
  dueAt: timeColumn('dueAt'),
  plannedStartAt: timeColumn('plannedStartAt'),
  estimatedDurationMinutes: column('estimatedDurationMinutes'),
  failureCodes: {
    sameAsStored: (wo, dto) => {
      const stored = { problem: wo.failureProblem, cause: wo.failureCause, remedy: wo.failureRemedy };
      const sent = dto.failureCodes ?? { problem: null, cause: null, remedy: null };
      return (['problem', 'cause', 'remedy'] as const).every((key) => sent[key] === undefined || sent[key] === stored[key]);
    },
    apply: applyFailureCodes,
    whenAbsent: failureCodesStillApply,
  },
  downtime: {
    sameAsStored: (wo, dto) => {
      const sent = dto.downtime;
      if (!sent) return wo.downtimeStartedAt === null && wo.downtimeEndedAt === null && !wo.downtimePlanned;
      return sameTime(wo.downtimeStartedAt, sent.startedAt) && sameTime(wo.downtimeEndedAt, sent.endedAt ?? null) && wo.downtimePlanned === (sent.planned ?? false);
    },
    apply: applyDowntime,
  },
  customFields: {
    sameAsStored: (wo, dto) =>
      Object.entries(dto.customFields ?? {}).every(([key, value]) =>
        value === null ? (wo.customFields[key] ?? null) === null : sameJson(wo.customFields[key], value),
      ),
    apply: applyCustomFields,
  },
  followUpOnFailedInspection: column('followUpOnFailedInspection'),
};

const FIELD_ORDER = Object.keys(PATCH_FIELDS) as UpdatableField[];

/**
 * Splits a PATCH by what the principal may change: `refused` names the fields it would change but
 * may not (the caller answers 403), `permitted` is the PATCH without the fields it may not change,
 * whose values are then the stored ones anyway: dropped so that they have no side effect.
 */
export function fieldsForPrincipal(
  workOrder: WorkOrder,
  dto: UpdateWorkOrderDto,
  principal: Principal,
): { permitted: UpdateWorkOrderDto; refused: UpdatableField[] } {
  const permitted: UpdateWorkOrderDto = {};
  const refused: UpdatableField[] = [];
  for (const field of FIELD_ORDER) {
    if (dto[field] === undefined) continue;
    if (mayChangeField(principal, field)) Object.assign(permitted, { [field]: dto[field] });
    else if (!PATCH_FIELDS[field].sameAsStored(workOrder, dto)) refused.push(field);
  }
  return { permitted, refused };
}

/** Applies the PATCH to the entity and returns what changed, by API field name. */
export async function applyPatch(workOrder: WorkOrder, dto: UpdateWorkOrderDto, services: PatchServices): Promise<FieldChanges> {
  const patch: Patch = { workOrder, dto, changes: {}, services };
  for (const field of FIELD_ORDER) {
    if (dto[field] !== undefined) await PATCH_FIELDS[field].apply(patch);
    else PATCH_FIELDS[field].whenAbsent?.(patch);
  }
  return patch.changes;
}
