import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { creationOrder, KeysetPage, ProblemException, TenantTransactions, type CursorPageQuery, type Page, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { EndpointRepository } from '../../endpoints';
import { ContactException, ContactExceptionCode, contactNotFound } from '../contact.exception';
import { ContactRepository } from '../contact.repository';
import type { NotificationContact } from '../notification-contact.entity';

/** What an administrator writes of a contact; on an update, absent fields keep their value. */
export interface ContactFields {
  userId: string;
  email: string | null;
  roles: string[];
  homeLocationId: string | null;
  chatEndpointId: string | null;
}

const CONTACT_ORDER = creationOrder('notification-contacts', 'contact');

/** The tenant's notification contacts (`/api/v1/notification-contacts`): who users and roles are to routing. */
@Injectable()
export class ManageContacts {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ContactRepository) private readonly contacts: ContactRepository,
    @Inject(EndpointRepository) private readonly endpoints: EndpointRepository,
  ) {}

  list(principal: Principal, query: CursorPageQuery): Promise<Page<NotificationContact>> {
    const page = new KeysetPage(CONTACT_ORDER, query);
    return this.transactions.run(principal, (manager) => this.contacts.page(manager, principal.tenantId, page));
  }

  get(principal: Principal, id: string): Promise<NotificationContact> {
    return this.transactions.run(principal, (manager) => this.found(manager, principal.tenantId, id));
  }

  create(principal: Principal, fields: ContactFields): Promise<NotificationContact> {
    return this.transactions.run(principal, async (manager) => {
      await this.assertChatEndpoint(manager, principal.tenantId, fields.chatEndpointId);
      if (await this.contacts.find(manager, principal.tenantId, { userId: fields.userId })) {
        throw new ContactException(ContactExceptionCode.DUPLICATE_USER, 'this user already has a contact: change that one');
      }
      const now = new Date();
      const contact: NotificationContact = { id: randomUUID(), tenantId: principal.tenantId, ...fields, channelPreferences: [], quietHours: null, digestOptOut: false, version: 1, createdAt: now, updatedAt: now };
      await this.contacts.insert(manager, contact);
      return contact;
    });
  }

  update(principal: Principal, id: string, fields: Partial<ContactFields>, ifMatch: VersionPrecondition): Promise<NotificationContact> {
    return this.transactions.run(principal, async (manager) => {
      const current = await this.found(manager, principal.tenantId, id, { forUpdate: true });
      ifMatch.assertMatches(current.version);
      const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      const changed: NotificationContact = { ...current, ...defined, version: current.version + 1, updatedAt: new Date() };
      await this.assertChatEndpoint(manager, principal.tenantId, changed.chatEndpointId);
      if (changed.userId !== current.userId && (await this.contacts.find(manager, principal.tenantId, { userId: changed.userId }))) {
        throw new ContactException(ContactExceptionCode.DUPLICATE_USER, 'this user already has a contact: change that one');
      }
      await this.contacts.save(manager, changed);
      return changed;
    });
  }

  /** Deliveries already planned to them fail as "target deleted"; rules naming the user keep naming nobody. */
  remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    return this.transactions.run(principal, async (manager) => {
      const current = await this.found(manager, principal.tenantId, id, { forUpdate: true });
      ifMatch.assertMatches(current.version);
      await this.contacts.delete(manager, current);
    });
  }

  private async assertChatEndpoint(manager: EntityManager, tenantId: string, endpointId: string | null): Promise<void> {
    if (endpointId === null) return;
    const endpoint = await this.endpoints.findEndpoint(manager, tenantId, endpointId);
    if (!endpoint || endpoint.kind === 'webhook') throw ProblemException.validation([{ field: 'chatEndpointId', message: 'no slack or teams endpoint with this id' }]);
  }

  private async found(manager: EntityManager, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<NotificationContact> {
    const contact = await this.contacts.find(manager, tenantId, { id }, options);
    if (!contact) throw contactNotFound();
    return contact;
  }
}
