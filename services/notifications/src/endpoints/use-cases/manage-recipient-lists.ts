import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { creationOrder, KeysetPage, TenantTransactions, type CursorPageQuery, type Page, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { EndpointException, EndpointExceptionCode } from '../endpoint.exception';
import { EndpointRepository } from '../endpoint.repository';
import type { RecipientList } from '../recipient-list.entity';

const LIST_ORDER = creationOrder('recipient-lists', 'list');

/** The e-mail recipient lists rules and escalation levels name (`/api/v1/recipient-lists`). */
@Injectable()
export class ManageRecipientLists {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EndpointRepository) private readonly endpoints: EndpointRepository,
  ) {}

  list(principal: Principal, query: CursorPageQuery): Promise<Page<RecipientList>> {
    const page = new KeysetPage(LIST_ORDER, query);
    return this.transactions.run(principal, (manager) => this.endpoints.pageRecipientLists(manager, principal.tenantId, page));
  }

  get(principal: Principal, id: string): Promise<RecipientList> {
    return this.transactions.run(principal, (manager) => this.found(manager, principal.tenantId, id));
  }

  create(principal: Principal, fields: Pick<RecipientList, 'name' | 'emails'>): Promise<RecipientList> {
    return this.transactions.run(principal, async (manager) => {
      const now = new Date();
      const list: RecipientList = { id: randomUUID(), tenantId: principal.tenantId, name: fields.name, emails: fields.emails, version: 1, createdAt: now, updatedAt: now };
      await this.endpoints.insertRecipientList(manager, list);
      return list;
    });
  }

  update(principal: Principal, id: string, fields: Partial<Pick<RecipientList, 'name' | 'emails'>>, ifMatch: VersionPrecondition): Promise<RecipientList> {
    return this.transactions.run(principal, async (manager) => {
      const current = await this.found(manager, principal.tenantId, id, { forUpdate: true });
      ifMatch.assertMatches(current.version);
      const changed: RecipientList = { ...current, name: fields.name ?? current.name, emails: fields.emails ?? current.emails, version: current.version + 1, updatedAt: new Date() };
      await this.endpoints.saveRecipientList(manager, changed);
      return changed;
    });
  }

  remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    return this.transactions.run(principal, async (manager) => {
      const current = await this.found(manager, principal.tenantId, id, { forUpdate: true });
      ifMatch.assertMatches(current.version);
      const rules = await this.endpoints.rulesUsing(manager, principal.tenantId, id);
      if (rules.length > 0) throw new EndpointException(EndpointExceptionCode.IN_USE, `alert rules send to this list: ${rules.join(', ')}; change them first`);
      await this.endpoints.deleteRecipientList(manager, current);
    });
  }

  private async found(manager: EntityManager, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<RecipientList> {
    const list = await this.endpoints.findRecipientList(manager, tenantId, id, options);
    if (!list) throw new EndpointException(EndpointExceptionCode.LIST_NOT_FOUND, 'no such recipient list');
    return list;
  }
}
