import { Injectable } from '@nestjs/common';
import type { KeysetPage, Page } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { AlertRule } from './alert-rule.entity';

/** Every query of alert rules; each runs in the caller's (tenant) transaction. */
@Injectable()
export class AlertRuleRepository {
  listEnabled(manager: EntityManager, tenantId: string): Promise<AlertRule[]> {
    return manager.find(AlertRule, { where: { tenantId, enabled: true }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async insert(manager: EntityManager, rule: AlertRule): Promise<void> {
    await manager.insert(AlertRule, rule);
  }

  /** The tenant's rule, locked for a change when `forUpdate`. */
  findById(manager: EntityManager, tenantId: string, id: string, { forUpdate = false } = {}): Promise<AlertRule | null> {
    const query = manager.createQueryBuilder(AlertRule, 'rule').where('rule.tenant_id = :tenantId and rule.id = :id', { tenantId, id });
    return (forUpdate ? query.setLock('pessimistic_write') : query).getOne();
  }

  page(manager: EntityManager, tenantId: string, page: KeysetPage): Promise<Page<AlertRule>> {
    return page.fetch(manager.createQueryBuilder(AlertRule, 'rule').where('rule.tenant_id = :tenantId', { tenantId }));
  }

  async save(manager: EntityManager, rule: AlertRule): Promise<void> {
    await manager.update(AlertRule, { tenantId: rule.tenantId, id: rule.id }, rule);
  }

  async delete(manager: EntityManager, rule: Pick<AlertRule, 'tenantId' | 'id'>): Promise<void> {
    await manager.delete(AlertRule, { tenantId: rule.tenantId, id: rule.id });
  }
}
