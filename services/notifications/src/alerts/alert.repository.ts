import { Injectable } from '@nestjs/common';
import type { KeysetPage, Page } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { AlertSeverity, AlertStatus } from '../channels';
import { Alert } from './alert.entity';

export interface AlertFilters {
  status?: AlertStatus[];
  severity?: AlertSeverity[];
  type?: string;
  subjectKind?: string;
  subjectId?: string;
}

/** Every query of the alert aggregate; each runs in the caller's (tenant) transaction. */
@Injectable()
export class AlertRepository {
  async insert(manager: EntityManager, alert: Alert): Promise<void> {
    await manager.insert(Alert, alert);
  }

  async save(manager: EntityManager, alert: Alert): Promise<void> {
    await manager.update(Alert, { tenantId: alert.tenantId, id: alert.id }, alert);
  }

  /**
   * The unresolved alert with this key, locked: two events of one connection arriving together
   * serialise here, so the second updates the alert the first opened.
   */
  findUnresolvedForUpdate(manager: EntityManager, tenantId: string, dedupeKey: string): Promise<Alert | null> {
    return manager
      .createQueryBuilder(Alert, 'alert')
      .setLock('pessimistic_write')
      .where('alert.tenant_id = :tenantId and alert.dedupe_key = :dedupeKey and alert.status <> :resolved', { tenantId, dedupeKey, resolved: 'resolved' })
      .getOne();
  }

  /** The unresolved alerts of one subject, locked (a recovery resolves them). */
  findUnresolvedOfSubjectForUpdate(manager: EntityManager, tenantId: string, subjectKind: string, subjectId: string): Promise<Alert[]> {
    return manager
      .createQueryBuilder(Alert, 'alert')
      .setLock('pessimistic_write')
      .where('alert.tenant_id = :tenantId and alert.subject_kind = :subjectKind and alert.subject_id = :subjectId and alert.status <> :resolved', {
        tenantId,
        subjectKind,
        subjectId,
        resolved: 'resolved',
      })
      .orderBy('alert.first_seen_at')
      .getMany();
  }

  /** One alert of the tenant, locked for a status change. */
  findForUpdate(manager: EntityManager, tenantId: string, id: string): Promise<Alert | null> {
    return manager
      .createQueryBuilder(Alert, 'alert')
      .setLock('pessimistic_write')
      .where('alert.tenant_id = :tenantId and alert.id = :id', { tenantId, id })
      .getOne();
  }

  findById(manager: EntityManager, tenantId: string, id: string): Promise<Alert | null> {
    return manager.findOneBy(Alert, { tenantId, id });
  }

  /** One page of the tenant's alerts, filtered, in the page's order. */
  page(manager: EntityManager, tenantId: string, filters: AlertFilters, page: KeysetPage): Promise<Page<Alert>> {
    const qb = manager.createQueryBuilder(Alert, 'alert').where('alert.tenant_id = :tenantId', { tenantId });
    if (filters.status?.length) qb.andWhere('alert.status in (:...status)', { status: filters.status });
    if (filters.severity?.length) qb.andWhere('alert.severity in (:...severity)', { severity: filters.severity });
    if (filters.type) qb.andWhere('alert.type = :type', { type: filters.type });
    if (filters.subjectKind) qb.andWhere('alert.subject_kind = :subjectKind', { subjectKind: filters.subjectKind });
    if (filters.subjectId) qb.andWhere('alert.subject_id = :subjectId', { subjectId: filters.subjectId });
    return page.fetch(qb);
  }
}
