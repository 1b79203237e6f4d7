import { Injectable } from '@nestjs/common';
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

  findById(manager: EntityManager, tenantId: string, id: string): Promise<AlertRule | null> {
    return manager.findOneBy(AlertRule, { tenantId, id });
  }
}
