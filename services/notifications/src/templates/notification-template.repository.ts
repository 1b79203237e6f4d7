import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationTemplate, type TemplateChannel } from './notification-template.entity';

/** Every query of tenants' templates; each runs in the caller's (tenant) transaction. */
@Injectable()
export class NotificationTemplateRepository {
  find(manager: EntityManager, tenantId: string, alertType: string, channel: TemplateChannel, { forUpdate = false } = {}): Promise<NotificationTemplate | null> {
    const query = manager
      .createQueryBuilder(NotificationTemplate, 'template')
      .where('template.tenant_id = :tenantId and template.alert_type = :alertType and template.channel = :channel', { tenantId, alertType, channel });
    return (forUpdate ? query.setLock('pessimistic_write') : query).getOne();
  }

  listOfTenant(manager: EntityManager, tenantId: string): Promise<NotificationTemplate[]> {
    return manager.find(NotificationTemplate, { where: { tenantId }, order: { alertType: 'ASC', channel: 'ASC' } });
  }

  async upsert(manager: EntityManager, template: NotificationTemplate): Promise<void> {
    await manager.upsert(NotificationTemplate, template, ['tenantId', 'alertType', 'channel']);
  }

  async delete(manager: EntityManager, template: Pick<NotificationTemplate, 'tenantId' | 'alertType' | 'channel'>): Promise<void> {
    await manager.delete(NotificationTemplate, { tenantId: template.tenantId, alertType: template.alertType, channel: template.channel });
  }
}
