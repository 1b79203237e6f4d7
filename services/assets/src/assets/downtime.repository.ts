import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { KeysetPage, mapPage, sortOrder, type Page, type SortedPageQuery, type SortKey } from '@mate/service-kit';
import { Downtime } from './asset.entity';

const DOWNTIME_SORT: Record<string, SortKey> = {
  startedAt: { sql: 'd.started_at', type: 'timestamptz' },
};

/** Every query of an asset's downtime intervals; each runs in the caller's (tenant) transaction. */
@Injectable()
export class DowntimeRepository {
  insert(manager: EntityManager, downtime: Downtime): Promise<unknown> {
    return manager.insert(Downtime, downtime);
  }

  /** The asset's open interval (at most one), locked until the transaction ends. */
  findOpenForUpdate(manager: EntityManager, tenantId: string, assetId: string): Promise<Downtime | null> {
    return manager.findOne(Downtime, { where: { tenantId, assetId, endedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  async close(manager: EntityManager, downtime: Downtime, endedAt: Date): Promise<void> {
    downtime.endedAt = endedAt;
    await manager.update(Downtime, { id: downtime.id, tenantId: downtime.tenantId }, { endedAt });
  }

  /** The interval a work order recorded for its asset (origin `work_order`, one per work order), locked. */
  findOfWorkOrderForUpdate(manager: EntityManager, tenantId: string, workOrderId: string): Promise<Downtime | null> {
    return manager.findOne(Downtime, { where: { tenantId, workOrderId, origin: 'work_order' }, lock: { mode: 'pessimistic_write' } });
  }

  async updateInterval(manager: EntityManager, downtime: Downtime): Promise<void> {
    const { kind, status, reason, assetId, startedAt, endedAt } = downtime;
    await manager.update(Downtime, { id: downtime.id, tenantId: downtime.tenantId }, { kind, status, reason, assetId, startedAt, endedAt });
  }

  /** The asset's intervals (unmerged) overlapping [from, to), oldest first. */
  within(manager: EntityManager, tenantId: string, assetId: string, from?: Date, to?: Date): Promise<Downtime[]> {
    const qb = manager.createQueryBuilder(Downtime, 'd').where('d.tenant_id = :tenantId AND d.asset_id = :assetId', { tenantId, assetId });
    if (from) qb.andWhere('(d.ended_at IS NULL OR d.ended_at > :from)', { from });
    if (to) qb.andWhere('d.started_at < :to', { to });
    return qb.orderBy('d.started_at', 'ASC').limit(10_000).getMany();
  }

  async page<T>(manager: EntityManager, tenantId: string, assetId: string, query: SortedPageQuery, map: (downtime: Downtime) => T): Promise<Page<T>> {
    const qb = manager.createQueryBuilder(Downtime, 'd').where('d.tenant_id = :tenantId AND d.asset_id = :assetId', { tenantId, assetId });
    return mapPage(await new KeysetPage(sortOrder(query.sort ?? 'startedAt', DOWNTIME_SORT, 'd.id'), query).fetch(qb), map);
  }
}
