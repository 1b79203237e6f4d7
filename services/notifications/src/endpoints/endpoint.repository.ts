import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RecipientList } from './recipient-list.entity';
import { WebhookEndpoint, type EndpointKind } from './webhook-endpoint.entity';

/** Every query of endpoints and recipient lists; each runs in the caller's (tenant) transaction. */
@Injectable()
export class EndpointRepository {
  async insertEndpoint(manager: EntityManager, endpoint: WebhookEndpoint): Promise<void> {
    await manager.insert(WebhookEndpoint, endpoint);
  }

  async insertRecipientList(manager: EntityManager, list: RecipientList): Promise<void> {
    await manager.insert(RecipientList, list);
  }

  /** An enabled endpoint of that kind, or null (deleted, disabled, another kind, another tenant). */
  findEnabledEndpoint(manager: EntityManager, tenantId: string, kind: EndpointKind, id: string): Promise<WebhookEndpoint | null> {
    return manager.findOneBy(WebhookEndpoint, { tenantId, id, kind, enabled: true });
  }

  findRecipientList(manager: EntityManager, tenantId: string, id: string): Promise<RecipientList | null> {
    return manager.findOneBy(RecipientList, { tenantId, id });
  }
}
