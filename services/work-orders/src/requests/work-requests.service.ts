import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { create } from '@bufbuild/protobuf';
import {
  RequestContactSchema,
  WorkRequestApprovedSchema,
  WorkRequestRejectedSchema,
  WorkRequestSubmittedSchema,
} from '@mate/contracts';
import { EventOutbox } from '@mate/messaging';
import { customFieldValueProblem, KeysetPage, mapPage, ProblemException, TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { AssetDirectory } from '../asset-directory';
import { hasAnyRole, SEES_ALL } from '../common/roles';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { CreateWorkOrder } from '../work-orders/use-cases/create-work-order';
import { priorityToProto, timestamp, workOrderEvent } from '../work-orders/work-order.events';
import { WorkOrderException, WorkOrderExceptionCode } from '../work-orders/work-order.exception';
import type { CustomFields } from '../work-orders/work-order.model';
import { WorkOrderRepository, type WorkOrderSummary } from '../work-orders/work-order.repository';
import type {
  ApproveWorkRequestDto,
  ListWorkRequestsQuery,
  SubmitWorkRequestDto,
  WorkRequestDto,
  WorkRequestPageDto,
} from './dtos/work-request.dtos';
import { WorkRequest } from './work-request.entity';
import { REQUEST_ORDER, WorkRequestRepository } from './work-request.repository';

/** Everyone but those who see all requests of their tenant sees their own. */
function seesAll(principal: Principal): boolean {
  return hasAnyRole(principal.roles, SEES_ALL);
}

function notFound(): WorkOrderException {
  return new WorkOrderException(WorkOrderExceptionCode.REQUEST_NOT_FOUND, 'work request not found');
}

function toDto(request: WorkRequest, workOrder: WorkOrderSummary | null): WorkRequestDto {
  return {
    id: request.id,
    title: request.title,
    description: request.description,
    assetId: request.assetId,
    locationId: request.locationId,
    priorityHint: request.priorityHint,
    contact: request.contactName
      ? { name: request.contactName, email: request.contactEmail ?? undefined, phone: request.contactPhone ?? undefined }
      : null,
    attachments: request.attachments,
    customFields: request.customFields,
    requesterId: request.requesterId,
    status: request.status,
    rejectionReason: request.rejectionReason,
    workOrder: workOrder ? { id: workOrder.id, number: workOrder.number, status: workOrder.status } : null,
    decidedBy: request.decidedBy,
    decidedAt: request.decidedAt?.toISOString() ?? null,
    createdAt: request.createdAt.toISOString(),
  };
}

/** Request events are keyed by the request id. */
function requestKey(request: WorkRequest): { id: string; tenantId: string } {
  return { id: request.id, tenantId: request.tenantId };
}

/** Work requests: submitted by anyone on site, approved into a work order or rejected by planners. */
@Injectable()
export class WorkRequestsService {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(WorkRequestRepository) private readonly requests: WorkRequestRepository,
    @Inject(WorkOrderRepository) private readonly workOrders: WorkOrderRepository,
    @Inject(CreateWorkOrder) private readonly createWorkOrder: CreateWorkOrder,
    @Inject(AssetDirectory) private readonly assets: AssetDirectory,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
  ) {}

  async submit(principal: Principal, dto: SubmitWorkRequestDto): Promise<WorkRequestDto> {
    return this.transactions.run(principal, async (manager) => {
      const customFields = await this.customFields.validate(manager, principal.tenantId, 'work_request', dto.customFields);
      const target = await this.assets.resolveForNewWork(manager, principal.tenantId, dto);
      const request = Object.assign(new WorkRequest(), {
        id: randomUUID(),
        tenantId: principal.tenantId,
        title: dto.title,
        description: dto.description ?? '',
        assetId: target.assetId,
        locationId: target.locationId,
        priorityHint: dto.priorityHint ?? 'none',
        contactName: dto.contact?.name ?? null,
        contactEmail: dto.contact?.email ?? null,
        contactPhone: dto.contact?.phone ?? null,
        attachments: (dto.attachments ?? []).map((a) => ({ ...a })),
        customFields,
        requesterId: principal.subject,
        status: 'submitted',
        rejectionReason: null,
        workOrderId: null,
        decidedBy: null,
        decidedAt: null,
        createdAt: new Date(),
      });
      await this.requests.insert(manager, request);
      await this.outbox.append(manager, [
        workOrderEvent(requestKey(request), WorkRequestSubmittedSchema, {
          requestId: request.id,
          title: request.title,
          description: request.description,
          assetId: request.assetId ?? '',
          locationId: request.locationId ?? '',
          priorityHint: priorityToProto(request.priorityHint),
          requesterId: request.requesterId,
          contact: request.contactName
            ? create(RequestContactSchema, { name: request.contactName, email: request.contactEmail ?? '', phone: request.contactPhone ?? '' })
            : undefined,
          submittedAt: timestamp(request.createdAt),
        }),
      ]);
      return toDto(request, null);
    });
  }

  private async loadVisible(manager: EntityManager, principal: Principal, id: string, lock = false): Promise<WorkRequest> {
    const request = await this.requests.find(manager, principal.tenantId, id, { lock });
    if (!request || (!seesAll(principal) && request.requesterId !== principal.subject)) throw notFound();
    return request;
  }

  private async workOrderOf(manager: EntityManager, request: WorkRequest): Promise<WorkOrderSummary | null> {
    if (!request.workOrderId) return null;
    const [workOrder] = await this.workOrders.summaries(manager, request.tenantId, [request.workOrderId]);
    return workOrder ?? null;
  }

  async get(principal: Principal, id: string): Promise<WorkRequestDto> {
    return this.transactions.run(principal, async (manager) => {
      const request = await this.loadVisible(manager, principal, id);
      return toDto(request, await this.workOrderOf(manager, request));
    });
  }

  async list(principal: Principal, query: ListWorkRequestsQuery): Promise<WorkRequestPageDto> {
    const page = new KeysetPage(REQUEST_ORDER, query);
    return this.transactions.run(principal, async (manager) => {
      const customFieldFilters = await this.customFields.filters(manager, principal.tenantId, 'work_request', query.cf);
      const scope = seesAll(principal) ? { tenantId: principal.tenantId } : { tenantId: principal.tenantId, requesterId: principal.subject };
      const requests = await this.requests.page(manager, scope, query.status, customFieldFilters, page);
      const workOrderIds = requests.items.map((r) => r.workOrderId).filter((id): id is string => id !== null);
      const byId = new Map((await this.workOrders.summaries(manager, principal.tenantId, workOrderIds)).map((wo) => [wo.id, wo]));
      return mapPage(requests, (r) => toDto(r, r.workOrderId ? (byId.get(r.workOrderId) ?? null) : null));
    });
  }

  async approve(principal: Principal, id: string, dto: ApproveWorkRequestDto): Promise<WorkRequestDto> {
    return this.transactions.run(principal, async (manager) => {
      const request = await this.loadVisible(manager, principal, id, true);
      if (request.status !== 'submitted') {
        throw new WorkOrderException(WorkOrderExceptionCode.REQUEST_ALREADY_DECIDED, `the request is already ${request.status}`);
      }
      const customFields = await this.workOrderCustomFields(manager, request, dto);
      const contact = [request.contactName, request.contactEmail, request.contactPhone].filter(Boolean).join(', ');
      const { workOrder } = await this.createWorkOrder.execute(
        manager,
        principal.tenantId,
        principal.subject,
        {
          title: request.title,
          description: [request.description, contact ? `Contact: ${contact}` : ''].filter(Boolean).join('\n\n'),
          type: dto.type ?? 'corrective',
          priority: dto.priority ?? request.priorityHint,
          assetId: request.assetId,
          locationId: request.locationId,
          assigneeIds: dto.assigneeIds,
          teamId: dto.teamId ?? null,
          requesterId: request.requesterId,
          dueAt: dto.dueAt ? new Date(dto.dueAt) : null,
          estimatedDurationMinutes: dto.estimatedDurationMinutes ?? null,
          source: 'request',
          sourceRef: request.id,
          requestId: request.id,
          attachments: request.attachments,
          customFields,
        },
        // The asset was checked when the request came in; a decommissioning since then is caught here.
        { target: 'strict' },
      );
      const now = new Date();
      request.status = 'approved';
      request.workOrderId = workOrder.id;
      request.decidedBy = principal.subject;
      request.decidedAt = now;
      await this.requests.saveDecision(manager, request);
      await this.outbox.append(manager, [
        workOrderEvent(requestKey(request), WorkRequestApprovedSchema, {
          requestId: request.id,
          workOrderId: workOrder.id,
          workOrderNumber: workOrder.number,
          approvedBy: principal.subject,
          approvedAt: timestamp(now),
          requesterId: request.requesterId,
        }),
      ]);
      return toDto(request, workOrder);
    });
  }

  /**
   * The approved work order's custom fields: the request's values where a work-order field has the
   * same key and accepts the value, then the planner's; checked against the work-order fields.
   */
  private async workOrderCustomFields(manager: EntityManager, request: WorkRequest, dto: ApproveWorkRequestDto): Promise<CustomFields> {
    const definitions = await this.customFields.definitions(manager, request.tenantId, 'work_order');
    const carried = Object.fromEntries(
      definitions
        .filter((definition) => request.customFields[definition.key] !== undefined)
        .filter((definition) => customFieldValueProblem(definition, request.customFields[definition.key]) === undefined)
        .map((definition) => [definition.key, request.customFields[definition.key]]),
    );
    const submitted = { ...carried, ...dto.customFields };
    for (const [key, value] of Object.entries(submitted)) if (value === null) delete submitted[key];
    const { values, errors } = this.customFields.merge(definitions, 'work_order', submitted);
    if (errors.length > 0) throw ProblemException.validation(errors);
    return values;
  }

  async reject(principal: Principal, id: string, reason: string): Promise<WorkRequestDto> {
    // The requester is told why: spaces alone are no reason (transitions refuse them likewise).
    if (!reason.trim()) throw ProblemException.validation([{ field: 'reason', message: 'reason must not be blank' }]);
    return this.transactions.run(principal, async (manager) => {
      const request = await this.loadVisible(manager, principal, id, true);
      if (request.status !== 'submitted') {
        throw new WorkOrderException(WorkOrderExceptionCode.REQUEST_ALREADY_DECIDED, `the request is already ${request.status}`);
      }
      const now = new Date();
      request.status = 'rejected';
      request.rejectionReason = reason.trim();
      request.decidedBy = principal.subject;
      request.decidedAt = now;
      await this.requests.saveDecision(manager, request);
      await this.outbox.append(manager, [
        workOrderEvent(requestKey(request), WorkRequestRejectedSchema, {
          requestId: request.id,
          reason: request.rejectionReason,
          rejectedBy: principal.subject,
          rejectedAt: timestamp(now),
          requesterId: request.requesterId,
        }),
      ]);
      return toDto(request, null);
    });
  }
}
