import { Inject, Injectable } from '@nestjs/common';
import { creationOrder, KeysetPage, TenantTransactions, type CursorPageQuery, type Page, type Principal } from '@mate/service-kit';
import { endpointNotFound } from '../endpoint.exception';
import { EndpointRepository } from '../endpoint.repository';
import type { WebhookEndpoint } from '../webhook-endpoint.entity';

const ENDPOINT_ORDER = creationOrder('webhook-endpoints', 'endpoint');

/** The tenant's endpoints, oldest first in keyset pages, or one by id (another tenant's: 404). */
@Injectable()
export class ReadWebhookEndpoints {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EndpointRepository) private readonly endpoints: EndpointRepository,
  ) {}

  list(principal: Principal, query: CursorPageQuery): Promise<Page<WebhookEndpoint>> {
    const page = new KeysetPage(ENDPOINT_ORDER, query);
    return this.transactions.run(principal, (manager) => this.endpoints.pageEndpoints(manager, principal.tenantId, page));
  }

  get(principal: Principal, id: string): Promise<WebhookEndpoint> {
    return this.transactions.run(principal, async (manager) => {
      const endpoint = await this.endpoints.findEndpoint(manager, principal.tenantId, id);
      if (!endpoint) throw endpointNotFound();
      return endpoint;
    });
  }
}
