import { Injectable } from '@nestjs/common';
import { applyCustomFieldFilters, creationOrder, type CustomFieldFilter, type KeysetPage, type Page } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { WorkRequest, type WorkRequestStatus } from './work-request.entity';

/** Whose requests a query sees: the tenant's, or one requester's own. */
export interface WorkRequestScope {
  tenantId: string;
  requesterId?: string;
}

/** Requests list newest first. */
export const REQUEST_ORDER = creationOrder('requests', 'r', { newestFirst: true });

/** Every query of work requests (TypeORM's entity manager and query builder). */
@Injectable()
export class WorkRequestRepository {
  find(manager: EntityManager, tenantId: string, id: string, options: { lock?: boolean } = {}): Promise<WorkRequest | null> {
    return manager.findOne(WorkRequest, {
      where: { id, tenantId },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  async insert(manager: EntityManager, request: WorkRequest): Promise<void> {
    await manager.insert(WorkRequest, request);
  }

  /** Writes the decision: status, reason, work order, who and when. */
  async saveDecision(manager: EntityManager, request: WorkRequest): Promise<void> {
    await manager.update(
      WorkRequest,
      { id: request.id, tenantId: request.tenantId },
      {
        status: request.status,
        rejectionReason: request.rejectionReason,
        workOrderId: request.workOrderId,
        decidedBy: request.decidedBy,
        decidedAt: request.decidedAt,
      },
    );
  }

  /** One page of the scope's requests, newest first (`page` made with REQUEST_ORDER). */
  page(
    manager: EntityManager,
    scope: WorkRequestScope,
    status: readonly WorkRequestStatus[] | undefined,
    customFieldFilters: readonly CustomFieldFilter[],
    page: KeysetPage,
  ): Promise<Page<WorkRequest>> {
    const qb = manager.createQueryBuilder(WorkRequest, 'r').where('r.tenant_id = :tenantId', { tenantId: scope.tenantId });
    applyCustomFieldFilters(qb, 'r', customFieldFilters);
    if (scope.requesterId !== undefined) qb.andWhere('r.requester_id = :subject', { subject: scope.requesterId });
    if (status?.length) qb.andWhere('r.status in (:...status)', { status });
    return page.fetch(qb);
  }

  /** Removes the custom field `key` from every request of the tenant holding a value for it. */
  async removeCustomFieldValue(manager: EntityManager, tenantId: string, key: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(WorkRequest)
      .set({ customFields: () => 'custom_fields - cast(:key as text)' })
      .where('tenant_id = :tenantId and custom_fields ? cast(:key as text)', { tenantId, key })
      .execute();
  }
}
