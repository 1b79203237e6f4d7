import type { Principal, Role } from '@mate/service-kit';
import type { UpdateWorkOrderDto } from './dtos/work-order.dtos';
import type { WorkOrder } from './work-order.entity';

/** Roles that see every work order of their tenant. */
const SEES_ALL: readonly Role[] = ['admin', 'planner', 'viewer', 'integration'];
/** Roles that edit every work order of their tenant. */
const EDITS_ALL: readonly Role[] = ['admin', 'planner', 'integration'];

export function seesAllWorkOrders(principal: Principal): boolean {
  return principal.roles.some((role) => SEES_ALL.includes(role));
}

export function editsAllWorkOrders(principal: Principal): boolean {
  return principal.roles.some((role) => EDITS_ALL.includes(role));
}

export function isAssignee(workOrder: Pick<WorkOrder, 'assigneeIds'>, principal: Principal): boolean {
  return workOrder.assigneeIds.includes(principal.subject);
}

/** Technicians see what is assigned to them; others by role. Not visible means 404, never 403. */
export function canSee(workOrder: Pick<WorkOrder, 'assigneeIds'>, principal: Principal): boolean {
  return seesAllWorkOrders(principal) || (principal.roles.includes('technician') && isAssignee(workOrder, principal));
}

export function canEdit(workOrder: Pick<WorkOrder, 'assigneeIds'>, principal: Principal): boolean {
  return editsAllWorkOrders(principal) || (principal.roles.includes('technician') && isAssignee(workOrder, principal));
}

/** A field of `PATCH /work-orders/{id}`. */
export type UpdatableField = keyof UpdateWorkOrderDto;

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
export function mayChangeField(principal: Principal, field: UpdatableField): boolean {
  return principal.roles.some((role) => {
    const fields = FIELDS_BY_ROLE[role];
    return fields === 'all' || fields.includes(field);
  });
}

function sameTime(stored: Date | null, sent: string | null): boolean {
  return (stored?.getTime() ?? null) === (sent === null ? null : Date.parse(sent));
}

function sameJson(stored: unknown, sent: unknown): boolean {
  return JSON.stringify(stored) === JSON.stringify(sent);
}

/**
 * Whether the PATCH's value of a field would leave the work order as it is (PATCH semantics: `null`
 * clears, `failureCodes` and `customFields` merge key by key), so that a client sending back what
 * it read is not refused for fields its role may not change. Asked only for fields the PATCH has.
 */
const SAME_AS_STORED: Readonly<Record<UpdatableField, (workOrder: WorkOrder, dto: UpdateWorkOrderDto) => boolean>> = {
  title: (wo, dto) => wo.title === dto.title,
  description: (wo, dto) => wo.description === dto.description,
  type: (wo, dto) => wo.type === dto.type,
  priority: (wo, dto) => wo.priority === dto.priority,
  assetId: (wo, dto) => wo.assetId === dto.assetId,
  locationId: (wo, dto) => wo.locationId === dto.locationId,
  assigneeIds: (wo, dto) => sameJson(wo.assigneeIds, dto.assigneeIds),
  teamId: (wo, dto) => wo.teamId === dto.teamId,
  requesterId: (wo, dto) => wo.requesterId === dto.requesterId,
  dueAt: (wo, dto) => sameTime(wo.dueAt, dto.dueAt ?? null),
  plannedStartAt: (wo, dto) => sameTime(wo.plannedStartAt, dto.plannedStartAt ?? null),
  estimatedDurationMinutes: (wo, dto) => wo.estimatedDurationMinutes === dto.estimatedDurationMinutes,
  failureCodes: (wo, dto) => {
    const stored = { problem: wo.failureProblem, cause: wo.failureCause, remedy: wo.failureRemedy };
    const sent = dto.failureCodes ?? { problem: null, cause: null, remedy: null };
    return (['problem', 'cause', 'remedy'] as const).every((key) => sent[key] === undefined || sent[key] === stored[key]);
  },
  downtime: (wo, dto) => {
    const sent = dto.downtime;
    if (!sent) return wo.downtimeStartedAt === null && wo.downtimeEndedAt === null && !wo.downtimePlanned;
    return (
      sameTime(wo.downtimeStartedAt, sent.startedAt) &&
      sameTime(wo.downtimeEndedAt, sent.endedAt ?? null) &&
      wo.downtimePlanned === (sent.planned ?? false)
    );
  },
  customFields: (wo, dto) =>
    Object.entries(dto.customFields ?? {}).every(([key, value]) =>
      value === null ? (wo.customFields[key] ?? null) === null : sameJson(wo.customFields[key], value),
    ),
  followUpOnFailedInspection: (wo, dto) => wo.followUpOnFailedInspection === dto.followUpOnFailedInspection,
};

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
  for (const field of Object.keys(SAME_AS_STORED) as UpdatableField[]) {
    if (dto[field] === undefined) continue;
    if (mayChangeField(principal, field)) Object.assign(permitted, { [field]: dto[field] });
    else if (!SAME_AS_STORED[field](workOrder, dto)) refused.push(field);
  }
  return { permitted, refused };
}
