import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Alert } from './alert.entity';

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

  findById(manager: EntityManager, tenantId: string, id: string): Promise<Alert | null> {
    return manager.findOneBy(Alert, { tenantId, id });
  }
}
