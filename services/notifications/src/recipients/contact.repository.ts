import { Injectable } from '@nestjs/common';
import type { KeysetPage, Page } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { PersonContact, PersonRecipient } from '../alert-rules';
import { WebhookEndpoint } from '../endpoints';
import { NotificationContact } from './notification-contact.entity';

/** Every query of notification contacts; each runs in the caller's (tenant) transaction. */
@Injectable()
export class ContactRepository {
  async insert(manager: EntityManager, contact: NotificationContact): Promise<void> {
    await manager.insert(NotificationContact, contact);
  }

  /** Inserts the contact unless the user has one already (a concurrent first PUT): whether it did. */
  async insertIfAbsent(manager: EntityManager, contact: NotificationContact): Promise<boolean> {
    const result = await manager.createQueryBuilder().insert().into(NotificationContact).values(contact).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length > 0;
  }

  find(manager: EntityManager, tenantId: string, where: { id: string } | { userId: string }, { forUpdate = false } = {}): Promise<NotificationContact | null> {
    const query = manager.createQueryBuilder(NotificationContact, 'contact').where('contact.tenant_id = :tenantId', { tenantId });
    if ('id' in where) query.andWhere('contact.id = :id', { id: where.id });
    else query.andWhere('contact.user_id = :userId', { userId: where.userId });
    return (forUpdate ? query.setLock('pessimistic_write') : query).getOne();
  }

  page(manager: EntityManager, tenantId: string, page: KeysetPage): Promise<Page<NotificationContact>> {
    return page.fetch(manager.createQueryBuilder(NotificationContact, 'contact').where('contact.tenant_id = :tenantId', { tenantId }));
  }

  async save(manager: EntityManager, contact: NotificationContact): Promise<void> {
    await manager.update(NotificationContact, { tenantId: contact.tenantId, id: contact.id }, contact);
  }

  async delete(manager: EntityManager, contact: Pick<NotificationContact, 'tenantId' | 'id'>): Promise<void> {
    await manager.delete(NotificationContact, { tenantId: contact.tenantId, id: contact.id });
  }

  /**
   * The contacts that persons named by rules (users, roles) or a personal alert's user may be, as
   * routing reads them when an alert opens (so a role reaches who holds it then), with their chat endpoint.
   */
  async forRouting(manager: EntityManager, tenantId: string, recipients: readonly PersonRecipient[], recipientUserId: string | null): Promise<PersonContact[]> {
    const userIds = recipients.flatMap((recipient) => (recipient.userId === undefined ? [] : [recipient.userId]));
    if (recipientUserId) userIds.push(recipientUserId);
    const roles = recipients.flatMap((recipient) => (recipient.role === undefined ? [] : [recipient.role]));
    if (userIds.length === 0 && roles.length === 0) return [];
    const rows = await manager
      .createQueryBuilder(NotificationContact, 'contact')
      .where('contact.tenant_id = :tenantId', { tenantId })
      .andWhere('(contact.user_id = any(:userIds) or contact.roles && :roles::text[])', { userIds, roles })
      .getMany();
    const endpointIds = rows.flatMap((row) => (row.chatEndpointId ? [row.chatEndpointId] : []));
    const endpoints = endpointIds.length === 0 ? [] : await manager.createQueryBuilder(WebhookEndpoint, 'endpoint').where('endpoint.tenant_id = :tenantId and endpoint.id = any(:endpointIds)', { tenantId, endpointIds }).getMany();
    return rows.map((row) => {
      const endpoint = endpoints.find((candidate) => candidate.id === row.chatEndpointId && candidate.kind !== 'webhook');
      return { ...row, chatEndpoint: endpoint ? { id: endpoint.id, kind: endpoint.kind as 'slack' | 'teams' } : null };
    });
  }
}
