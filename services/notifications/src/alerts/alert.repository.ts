import { Injectable } from '@nestjs/common';
import type { KeysetPage, Page } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { AlertSeverity, AlertStatus } from '../channels';
import { Alert } from './alert.entity';
import type { InboxViewer } from './inbox-preferences';

/** Whose alerts a user may read and act on: the tenant's and their own personal ones, never another user's. */
const READABLE_BY = '(alert.recipient_user_id is null or alert.recipient_user_id = :viewer)';

/** What the inbox and stream list: the readable alerts less the kinds the reader's preferences keep out of the app (`type/severity` keys). */
const LISTED_FOR = `${READABLE_BY} and (alert.type || '/' || alert.severity) <> all(:hiddenKinds::text[])`;

function visibleTo(viewer: InboxViewer): { viewer: string; hiddenKinds: string[] } {
  return { viewer: viewer.userId, hiddenKinds: viewer.hidden.map((kind) => `${kind.type}/${kind.severity}`) };
}

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
  /** Its stream number is taken when the transaction commits (a deferred trigger), as for `save`. */
  async insert(manager: EntityManager, alert: Alert): Promise<void> {
    await manager.insert(Alert, alert);
  }

  async save(manager: EntityManager, alert: Alert): Promise<void> {
    await manager.update(Alert, { tenantId: alert.tenantId, id: alert.id }, alert);
  }

  /**
   * The alerts changed after stream position `after`, in order. A tenant's alert changes take
   * their stream number as their transaction commits, one transaction at a time (the tenant's feed
   * lock, taken by the deferred triggers of migration 1767400000070), so numbers commit in order
   * and a reader resuming after N cannot miss a smaller number committed later.
   */
  async changedAfter(manager: EntityManager, tenantId: string, viewer: InboxViewer, after: string, limit: number): Promise<Array<{ alert: Alert; position: string }>> {
    const { entities, raw } = await manager
      .createQueryBuilder(Alert, 'alert')
      .addSelect('alert.feed_seq::text', 'position')
      .where(`alert.tenant_id = :tenantId and alert.feed_seq > :after and ${LISTED_FOR}`, { tenantId, after, ...visibleTo(viewer) })
      .orderBy('alert.feed_seq')
      .limit(limit)
      .getRawAndEntities<{ position: string }>();
    return entities.map((alert, index) => ({ alert, position: raw[index].position }));
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

  /** One alert the viewer may see, locked for a status change from the inbox (another user's: none). */
  findVisibleForUpdate(manager: EntityManager, tenantId: string, viewer: string, id: string): Promise<Alert | null> {
    return manager
      .createQueryBuilder(Alert, 'alert')
      .setLock('pessimistic_write')
      .where(`alert.tenant_id = :tenantId and alert.id = :id and ${READABLE_BY}`, { tenantId, id, viewer })
      .getOne();
  }

  /** The external address a personal alert is e-mailed to (null: none, or no such alert). */
  async recipientEmailOf(manager: EntityManager, tenantId: string, id: string): Promise<string | null> {
    const alert = await manager.findOne(Alert, { select: { recipientEmail: true }, where: { tenantId, id } });
    return alert?.recipientEmail ?? null;
  }

  findById(manager: EntityManager, tenantId: string, id: string): Promise<Alert | null> {
    return manager.findOneBy(Alert, { tenantId, id });
  }

  /** One page of the alerts the viewer may see, filtered, in the page's order. */
  page(manager: EntityManager, tenantId: string, viewer: InboxViewer, filters: AlertFilters, page: KeysetPage): Promise<Page<Alert>> {
    const qb = manager.createQueryBuilder(Alert, 'alert').where(`alert.tenant_id = :tenantId and ${LISTED_FOR}`, { tenantId, ...visibleTo(viewer) });
    if (filters.status?.length) qb.andWhere('alert.status in (:...status)', { status: filters.status });
    if (filters.severity?.length) qb.andWhere('alert.severity in (:...severity)', { severity: filters.severity });
    if (filters.type) qb.andWhere('alert.type = :type', { type: filters.type });
    if (filters.subjectKind) qb.andWhere('alert.subject_kind = :subjectKind', { subjectKind: filters.subjectKind });
    if (filters.subjectId) qb.andWhere('alert.subject_id = :subjectId', { subjectId: filters.subjectId });
    return page.fetch(qb);
  }
}
