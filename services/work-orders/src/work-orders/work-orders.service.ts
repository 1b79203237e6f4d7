import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox, type OutboundEvent } from '@mate/messaging';
import {
  creationOrder,
  KeysetPage,
  mapPage,
  ProblemException,
  TenantTransactions,
  type CursorPageQuery,
  type FieldError,
  type KeysetOrder,
  type Page,
  type Principal,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { AssetDirectory } from '../asset-directory';
import { CustomFieldsService } from '../custom-fields';
import { ChecklistItem } from '../checklists/checklist-item.entity';
import { checklistItemProblems, MAX_CHECKLIST_ITEMS, type NewChecklistItem } from '../checklists/checklist-rules';
import { costTotals } from '../labour-and-costs/cost-totals';
import type { CreateWorkOrderDto, UpdateWorkOrderDto, WorkOrderDto, WorkOrderPageDto } from './dtos/work-order.dtos';
import type { ListWorkOrdersQuery } from './dtos/list-work-orders.query';
import { isAssigned, partsReservationEvent } from './parts-reservation';
import { canEdit, canSee, fieldsForPrincipal } from './work-order-access';
import { WorkOrderComment } from './work-order-comment.entity';
import { assignedEvent, createdEvent, updatedEvent } from './work-order-events';
import { recordHistory, WorkOrderHistoryEntry, type HistoryRecord } from './work-order-history.entity';
import { insertWorkOrder } from './work-order-insert';
import { releaseNumbers, reserveNumbers } from './work-order-numbering';
import { fetchWorkOrderPage, filteredWorkOrders, workOrderOrder } from './work-order-query';
import { WorkOrder } from './work-order.entity';
import { forbiddenFields, invalidField, WorkOrderException, WorkOrderExceptionCode } from './work-order.exception';
import {
  ACTIVE_STATUSES,
  formatWorkOrderNumber,
  priorityRank,
  type AttachmentMetadata,
  type CustomFields,
  type WorkOrderPriority,
  type WorkOrderSource,
  type WorkOrderType,
} from './work-order.model';
import { toWorkOrderDto } from './work-order.mapper';

export interface NewWorkOrder {
  title: string;
  description?: string;
  type: WorkOrderType;
  priority?: WorkOrderPriority;
  assetId?: string | null;
  locationId?: string | null;
  assigneeIds?: string[];
  teamId?: string | null;
  requesterId?: string | null;
  dueAt?: Date | null;
  plannedStartAt?: Date | null;
  estimatedDurationMinutes?: number | null;
  failureCodes?: { problem?: string | null; cause?: string | null; remedy?: string | null } | null;
  source: WorkOrderSource;
  sourceRef?: string | null;
  pmPlanId?: string | null;
  pmOccurrenceId?: string | null;
  requestId?: string | null;
  parentWorkOrderId?: string | null;
  /** Values already checked against the tenant's definitions (see CustomFieldsService). */
  customFields?: CustomFields;
  attachments?: AttachmentMetadata[];
  checklist?: NewChecklistItem[];
  followUpOnFailedInspection?: boolean;
}

export interface CreateOptions {
  /**
   * `strict` (people, imports): the asset must be known and in service, the location known.
   * `generated` (PM occurrences): the read model may lag behind the producer, so an unknown asset
   * is accepted; the caller has already refused decommissioned ones.
   */
  target: 'strict' | 'generated';
  /** Field names for problems, e.g. `rows.3.assetId` in an import. */
  fieldPrefix?: string;
}

export interface CreateResult {
  workOrder: WorkOrder;
  /** False when the source reference already had its work order (a redelivery). */
  created: boolean;
}

const HISTORY_ORDER: KeysetOrder = { tag: 'history', descending: false, columns: [{ name: 'id', sql: 'h.id', type: 'bigint' }] };
const COMMENT_ORDER = creationOrder('comments', 'c');

const REACTIVE_TYPES: readonly WorkOrderType[] = ['corrective', 'emergency'];

function dateOrNull(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}

/** The work order aggregate: creation with numbering, reads with access rules, partial updates. */
@Injectable()
export class WorkOrdersService {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(AssetDirectory) private readonly assets: AssetDirectory,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
  ) {}

  /** Field-level problems of a new work order that the DTO decorators cannot see. */
  inputProblems(input: Pick<NewWorkOrder, 'type' | 'failureCodes' | 'checklist'>, prefix = ''): FieldError[] {
    const problems: FieldError[] = [];
    if (input.failureCodes && !REACTIVE_TYPES.includes(input.type)) {
      problems.push({ field: `${prefix}failureCodes`, message: 'failure codes apply to corrective and emergency work only' });
    }
    // The DTO bounds the API's checklists; this also holds PM templates to the bound.
    if ((input.checklist?.length ?? 0) > MAX_CHECKLIST_ITEMS) {
      problems.push({ field: `${prefix}checklist`, message: `must contain no more than ${MAX_CHECKLIST_ITEMS} elements` });
    }
    (input.checklist ?? []).forEach((item, index) => problems.push(...checklistItemProblems(item, `${prefix}checklist.${index}`)));
    return problems;
  }

  /**
   * Creates a work order inside the caller's transaction, with its checklist, history entry and
   * events. With a source reference it is idempotent: the existing work order is returned.
   */
  async createInTransaction(
    manager: EntityManager,
    tenantId: string,
    actor: string,
    input: NewWorkOrder,
    options: CreateOptions,
  ): Promise<CreateResult> {
    const prefix = options.fieldPrefix ?? '';
    const problems = this.inputProblems(input, prefix);
    if (problems.length > 0) throw ProblemException.validation(problems);

    const sourceRef = input.sourceRef ?? null;
    if (sourceRef) {
      const existing = await this.findBySource(manager, tenantId, input.source, sourceRef);
      if (existing) return { workOrder: existing, created: false };
    }

    let target = { assetId: input.assetId ?? null, locationId: input.locationId ?? null };
    if (options.target === 'strict') {
      target = await this.assets.resolveForNewWork(manager, tenantId, target, {
        asset: `${prefix}assetId`,
        location: `${prefix}locationId`,
      });
    } else if (target.assetId && !target.locationId) {
      target.locationId = await this.assets.locationOfAsset(manager, tenantId, target.assetId);
    }

    const now = new Date();
    const priority = input.priority ?? 'none';
    const workOrder = manager.create(WorkOrder, {
      id: randomUUID(),
      tenantId,
      title: input.title,
      description: input.description ?? '',
      type: input.type,
      priority,
      priorityRank: priorityRank(priority),
      status: 'open',
      assetId: target.assetId,
      locationId: target.locationId,
      assigneeIds: input.assigneeIds ?? [],
      teamId: input.teamId ?? null,
      requesterId: input.requesterId ?? null,
      dueAt: input.dueAt ?? null,
      plannedStartAt: input.plannedStartAt ?? null,
      estimatedDurationMinutes: input.estimatedDurationMinutes ?? null,
      failureProblem: input.failureCodes?.problem ?? null,
      failureCause: input.failureCodes?.cause ?? null,
      failureRemedy: input.failureCodes?.remedy ?? null,
      source: input.source,
      sourceRef,
      pmPlanId: input.pmPlanId ?? null,
      pmOccurrenceId: input.pmOccurrenceId ?? null,
      requestId: input.requestId ?? null,
      parentWorkOrderId: input.parentWorkOrderId ?? null,
      customFields: input.customFields ?? {},
      attachments: input.attachments ?? [],
      downtimeStartedAt: null,
      downtimeEndedAt: null,
      downtimePlanned: false,
      followUpOnFailedInspection: input.followUpOnFailedInspection ?? false,
      version: 1,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
      firstResponseAt: null,
      startedAt: null,
      completedAt: null,
      completedBy: null,
      completionCount: 0,
      closedAt: null,
      cancelledAt: null,
      statusReason: null,
      overdueNotifiedDueAt: null,
    });
    if (sourceRef) {
      // From here until commit the tenant's counter row is locked.
      const sequence = await reserveNumbers(manager, tenantId);
      // A concurrent creator of the same reference held the lock before us and has committed.
      const existing = await this.findBySource(manager, tenantId, input.source, sourceRef);
      if (existing) {
        await releaseNumbers(manager, tenantId);
        return { workOrder: existing, created: false };
      }
      workOrder.numberSeq = sequence;
      workOrder.number = formatWorkOrderNumber(sequence);
      await insertWorkOrder(manager, workOrder, { actor, at: now }, { assignNumber: false });
    } else {
      await insertWorkOrder(manager, workOrder, { actor, at: now }, { assignNumber: true });
    }
    if (input.checklist && input.checklist.length > 0) {
      await manager.insert(
        ChecklistItem,
        input.checklist.map((item, index) => newChecklistRow(tenantId, workOrder.id, index + 1, item)),
      );
    }
    const events: OutboundEvent[] = [createdEvent(workOrder, actor)];
    if (isAssigned(workOrder)) events.push(assignedEvent(workOrder, { assigneeIds: [], teamId: null }, actor));
    await this.outbox.append(manager, events);
    return { workOrder, created: true };
  }

  findBySource(manager: EntityManager, tenantId: string, source: WorkOrderSource, sourceRef: string): Promise<WorkOrder | null> {
    return manager.findOneBy(WorkOrder, { tenantId, source, sourceRef });
  }

  async create(principal: Principal, dto: CreateWorkOrderDto): Promise<WorkOrderDto> {
    return this.transactions.run(principal, async (manager) => {
      const definitions = await this.customFields.definitions(manager, principal.tenantId, 'work_order');
      const customFields = this.customFields.merge(definitions, 'work_order', dto.customFields);
      const input: NewWorkOrder = {
        ...dto,
        dueAt: dateOrNull(dto.dueAt),
        plannedStartAt: dateOrNull(dto.plannedStartAt),
        source: dto.source ?? 'manual',
        customFields: customFields.values,
      };
      // Every field problem in one answer: the rules of the input and those of the tenant's fields.
      const problems = [...this.inputProblems(input), ...customFields.errors];
      if (problems.length > 0) throw ProblemException.validation(problems);
      const { workOrder } = await this.createInTransaction(manager, principal.tenantId, principal.subject, input, { target: 'strict' });
      return toWorkOrderDto(workOrder);
    });
  }

  /** A work order the caller may see; 404 otherwise (another tenant's, or not assigned to a technician). */
  async loadVisible(manager: EntityManager, principal: Principal, id: string, lock = false): Promise<WorkOrder> {
    const workOrder = await manager.findOne(WorkOrder, {
      where: { id, tenantId: principal.tenantId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!workOrder || !canSee(workOrder, principal)) {
      throw new WorkOrderException(WorkOrderExceptionCode.NOT_FOUND, 'work order not found');
    }
    return workOrder;
  }

  /** A work order the caller may change, locked for the rest of the transaction. */
  async loadEditable(manager: EntityManager, principal: Principal, id: string): Promise<WorkOrder> {
    const workOrder = await this.loadVisible(manager, principal, id, true);
    if (!canEdit(workOrder, principal)) {
      throw new WorkOrderException(WorkOrderExceptionCode.FORBIDDEN, 'your role does not allow changing this work order');
    }
    return workOrder;
  }

  /** Labour, parts, costs, checklist answers and comments change only while the work is active. */
  assertActive(workOrder: WorkOrder): void {
    if (!ACTIVE_STATUSES.includes(workOrder.status)) {
      throw new WorkOrderException(
        WorkOrderExceptionCode.NOT_EDITABLE,
        `a ${workOrder.status} work order cannot be changed${workOrder.status === 'completed' ? ' (reopen it first)' : ''}`,
      );
    }
  }

  /** Stamps the first meaningful response (MTTA) and bumps the version; the caller saves. */
  async touch(manager: EntityManager, workOrder: WorkOrder, options: { response?: boolean } = {}): Promise<void> {
    const now = new Date();
    workOrder.version += 1;
    workOrder.updatedAt = now;
    if (options.response && !workOrder.firstResponseAt) workOrder.firstResponseAt = now;
    await manager.update(
      WorkOrder,
      { id: workOrder.id, tenantId: workOrder.tenantId },
      { version: workOrder.version, updatedAt: now, firstResponseAt: workOrder.firstResponseAt },
    );
  }

  async get(principal: Principal, id: string): Promise<WorkOrderDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.loadVisible(manager, principal, id);
      return { ...toWorkOrderDto(workOrder), totals: await costTotals(manager, principal.tenantId, id) };
    });
  }

  async list(principal: Principal, query: ListWorkOrdersQuery): Promise<WorkOrderPageDto> {
    const page = new KeysetPage(workOrderOrder(query.sort ?? '-createdAt'), query);
    return this.transactions.run(principal, async (manager) => {
      const customFieldFilters = await this.customFields.filters(manager, principal.tenantId, 'work_order', query.cf);
      const workOrders = await fetchWorkOrderPage(filteredWorkOrders(manager, principal, query, customFieldFilters), page);
      const now = new Date();
      return mapPage(workOrders, (workOrder) => toWorkOrderDto(workOrder, now));
    });
  }

  async update(principal: Principal, id: string, dto: UpdateWorkOrderDto, ifMatch: VersionPrecondition): Promise<WorkOrderDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.loadEditable(manager, principal, id);
      ifMatch.assertMatches(workOrder.version);
      this.assertActive(workOrder);
      // Checked before anything is applied: nothing changes, and no other rule answers first.
      const { permitted, refused } = fieldsForPrincipal(workOrder, dto, principal);
      if (refused.length > 0) throw forbiddenFields(refused);
      const changes = await this.applyChanges(manager, workOrder, permitted);
      const changed = Object.keys(changes);
      if (changed.length === 0) return toWorkOrderDto(workOrder);

      const previousAssignment = {
        assigneeIds: (changes['assigneeIds']?.from as string[] | undefined) ?? workOrder.assigneeIds,
        teamId: changes['teamId'] ? (changes['teamId'].from as string | null) : workOrder.teamId,
      };
      const now = new Date();
      workOrder.version += 1;
      workOrder.updatedAt = now;
      await persistWorkOrder(manager, workOrder);

      const assignmentChanged = changed.includes('assigneeIds') || changed.includes('teamId');
      const history: HistoryRecord[] = [
        { tenantId: workOrder.tenantId, workOrderId: id, kind: 'updated', changes, actor: principal.subject, at: now },
      ];
      const events: OutboundEvent[] = [updatedEvent(workOrder, changed, principal.subject)];
      if (assignmentChanged) {
        history.push({
          tenantId: workOrder.tenantId,
          workOrderId: id,
          kind: 'assigned',
          changes: Object.fromEntries(Object.entries(changes).filter(([field]) => field === 'assigneeIds' || field === 'teamId')),
          actor: principal.subject,
          at: now,
        });
        events.push(assignedEvent(workOrder, previousAssignment, principal.subject));
        const wasAssigned = isAssigned(previousAssignment);
        if (!wasAssigned) {
          const reservation = await partsReservationEvent(manager, workOrder, principal.subject);
          if (reservation) events.push(reservation);
        }
      }
      await recordHistory(manager, history);
      await this.outbox.append(manager, events);
      return toWorkOrderDto(workOrder);
    });
  }

  /** Applies the PATCH to the entity and returns what changed, by API field name. */
  private async applyChanges(
    manager: EntityManager,
    workOrder: WorkOrder,
    dto: UpdateWorkOrderDto,
  ): Promise<Record<string, { from: unknown; to: unknown }>> {
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const set = <K extends keyof WorkOrder>(field: string, key: K, value: WorkOrder[K]) => {
      const before = workOrder[key];
      const same =
        before instanceof Date || value instanceof Date
          ? (before as Date | null)?.getTime() === (value as Date | null)?.getTime()
          : JSON.stringify(before) === JSON.stringify(value);
      if (same) return;
      changes[field] = { from: before, to: value };
      workOrder[key] = value;
    };

    if (dto.title !== undefined) set('title', 'title', dto.title);
    if (dto.description !== undefined) set('description', 'description', dto.description);
    if (dto.type !== undefined) set('type', 'type', dto.type);
    if (dto.priority !== undefined) {
      set('priority', 'priority', dto.priority);
      workOrder.priorityRank = priorityRank(workOrder.priority);
    }
    if (dto.assetId !== undefined || dto.locationId !== undefined) {
      const assetId = dto.assetId !== undefined ? dto.assetId : workOrder.assetId;
      const assetChanged = assetId !== workOrder.assetId;
      const requestedLocation = dto.locationId !== undefined ? dto.locationId : assetChanged ? null : workOrder.locationId;
      const target = await this.assets.resolveForNewWork(manager, workOrder.tenantId, {
        assetId: assetChanged ? assetId : null,
        locationId: requestedLocation !== workOrder.locationId ? requestedLocation : null,
      });
      set('assetId', 'assetId', assetId);
      const locationId = dto.locationId !== undefined ? dto.locationId : assetChanged ? target.locationId : workOrder.locationId;
      set('locationId', 'locationId', locationId);
    }
    if (dto.assigneeIds !== undefined) set('assigneeIds', 'assigneeIds', dto.assigneeIds);
    if (dto.teamId !== undefined) set('teamId', 'teamId', dto.teamId);
    if (dto.requesterId !== undefined) set('requesterId', 'requesterId', dto.requesterId);
    if (dto.dueAt !== undefined) set('dueAt', 'dueAt', dateOrNull(dto.dueAt));
    if (dto.plannedStartAt !== undefined) set('plannedStartAt', 'plannedStartAt', dateOrNull(dto.plannedStartAt));
    if (dto.estimatedDurationMinutes !== undefined) {
      set('estimatedDurationMinutes', 'estimatedDurationMinutes', dto.estimatedDurationMinutes);
    }
    if (dto.failureCodes !== undefined) {
      if (dto.failureCodes !== null && !REACTIVE_TYPES.includes(workOrder.type)) {
        throw invalidField('failureCodes', 'failure codes apply to corrective and emergency work only');
      }
      const codes = dto.failureCodes;
      const merged = {
        problem: codes === null ? null : codes.problem !== undefined ? codes.problem : workOrder.failureProblem,
        cause: codes === null ? null : codes.cause !== undefined ? codes.cause : workOrder.failureCause,
        remedy: codes === null ? null : codes.remedy !== undefined ? codes.remedy : workOrder.failureRemedy,
      };
      const before = { problem: workOrder.failureProblem, cause: workOrder.failureCause, remedy: workOrder.failureRemedy };
      if (JSON.stringify(before) !== JSON.stringify(merged)) {
        changes['failureCodes'] = { from: before, to: merged };
        workOrder.failureProblem = merged.problem ?? null;
        workOrder.failureCause = merged.cause ?? null;
        workOrder.failureRemedy = merged.remedy ?? null;
      }
    } else if (changes['type'] && !REACTIVE_TYPES.includes(workOrder.type) && (workOrder.failureProblem || workOrder.failureCause || workOrder.failureRemedy)) {
      throw invalidField('type', 'clear the failure codes first: they apply to corrective and emergency work only');
    }
    if (dto.downtime !== undefined) {
      const downtime = dto.downtime;
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
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        changes['downtime'] = { from: before, to: after };
        workOrder.downtimeStartedAt = dateOrNull(after.startedAt);
        workOrder.downtimeEndedAt = dateOrNull(after.endedAt);
        workOrder.downtimePlanned = after.planned;
      }
    }
    if (dto.customFields !== undefined) {
      const before = workOrder.customFields;
      const after = await this.customFields.validate(manager, workOrder.tenantId, 'work_order', dto.customFields, before);
      // One change per key (`customFields.shift`), as in the history and WorkOrderUpdated.changed_fields.
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
          changes[`customFields.${key}`] = { from: before[key] ?? null, to: after[key] ?? null };
        }
      }
      workOrder.customFields = after;
    }
    if (dto.followUpOnFailedInspection !== undefined) {
      set('followUpOnFailedInspection', 'followUpOnFailedInspection', dto.followUpOnFailedInspection);
    }
    return changes;
  }

  /** Oldest first: by the entry's id, which grows with every insert. */
  async history(principal: Principal, id: string, query: CursorPageQuery): Promise<Page<WorkOrderHistoryEntry>> {
    return this.transactions.run(principal, async (manager) => {
      await this.loadVisible(manager, principal, id);
      const qb = manager
        .createQueryBuilder(WorkOrderHistoryEntry, 'h')
        .where('h.tenant_id = :tenantId and h.work_order_id = :id', { tenantId: principal.tenantId, id });
      return new KeysetPage(HISTORY_ORDER, query).fetch(qb);
    });
  }

  async comments(principal: Principal, id: string, query: CursorPageQuery): Promise<Page<WorkOrderComment>> {
    return this.transactions.run(principal, async (manager) => {
      await this.loadVisible(manager, principal, id);
      const qb = manager
        .createQueryBuilder(WorkOrderComment, 'c')
        .where('c.tenant_id = :tenantId and c.work_order_id = :id', { tenantId: principal.tenantId, id });
      return new KeysetPage(COMMENT_ORDER, query).fetch(qb);
    });
  }

  async addComment(principal: Principal, id: string, body: string): Promise<WorkOrderComment> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.loadEditable(manager, principal, id);
      if (workOrder.status === 'closed' || workOrder.status === 'cancelled') this.assertActive(workOrder);
      const comment = manager.create(WorkOrderComment, {
        id: randomUUID(),
        tenantId: principal.tenantId,
        workOrderId: id,
        authorId: principal.subject,
        body,
        createdAt: new Date(),
      });
      await manager.insert(WorkOrderComment, comment);
      if (!workOrder.firstResponseAt) await this.touch(manager, workOrder, { response: true });
      return comment;
    });
  }
}

export function newChecklistRow(tenantId: string, workOrderId: string, position: number, item: NewChecklistItem): Partial<ChecklistItem> {
  return {
    id: randomUUID(),
    tenantId,
    workOrderId,
    position,
    label: item.label,
    kind: item.kind,
    required: item.required ?? false,
    minValue: item.min ?? null,
    maxValue: item.max ?? null,
    unit: item.unit ?? null,
    options: item.options ?? [],
    meterId: item.meterId ?? null,
    outOfRange: false,
  };
}

/** Writes every mutable column of a loaded work order (one UPDATE; no SELECT as save() would do). */
export async function persistWorkOrder(manager: EntityManager, workOrder: WorkOrder): Promise<void> {
  const { id, tenantId, ...columns } = workOrder;
  await manager.update(WorkOrder, { id, tenantId }, columns);
}
