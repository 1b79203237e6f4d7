import { Inject, Injectable } from '@nestjs/common';
import { KeysetPage, TenantTransactions, type CursorPageQuery, type KeysetOrder, type Page, type Principal } from '@mate/service-kit';
import { EndpointRepository, endpointNotFound } from '../../endpoints';
import { DeliveryRepository, type DeliveryAttemptView } from '../delivery.repository';

/** Newest attempt first; ties by the log row's id. */
const LOG_ORDER: KeysetOrder = {
  tag: 'delivery-log',
  descending: true,
  columns: [
    { name: 'at', sql: 'attempt.attempted_at', type: 'timestamptz' },
    { name: 'id', sql: 'attempt.id', type: 'bigint' },
  ],
};

/** The delivery log of one endpoint (another tenant's endpoint: 404). */
@Injectable()
export class ReadDeliveryLog {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EndpointRepository) private readonly endpoints: EndpointRepository,
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
  ) {}

  execute(principal: Principal, endpointId: string, query: CursorPageQuery): Promise<Page<DeliveryAttemptView>> {
    const page = new KeysetPage(LOG_ORDER, query);
    return this.transactions.run(principal, async (manager) => {
      if (!(await this.endpoints.findEndpoint(manager, principal.tenantId, endpointId))) throw endpointNotFound();
      return this.deliveries.pageAttemptsOfTarget(manager, principal.tenantId, endpointId, page);
    });
  }
}
