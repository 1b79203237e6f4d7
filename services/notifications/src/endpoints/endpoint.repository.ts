import { Injectable } from '@nestjs/common';
import type { KeysetPage, Page } from '@mate/service-kit';
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

  /** The tenant's list, locked for a change when `forUpdate`. */
  findRecipientList(manager: EntityManager, tenantId: string, id: string, { forUpdate = false } = {}): Promise<RecipientList | null> {
    const query = manager.createQueryBuilder(RecipientList, 'list').where('list.tenant_id = :tenantId and list.id = :id', { tenantId, id });
    return (forUpdate ? query.setLock('pessimistic_write') : query).getOne();
  }

  pageRecipientLists(manager: EntityManager, tenantId: string, page: KeysetPage): Promise<Page<RecipientList>> {
    return page.fetch(manager.createQueryBuilder(RecipientList, 'list').where('list.tenant_id = :tenantId', { tenantId }));
  }

  async saveRecipientList(manager: EntityManager, list: RecipientList): Promise<void> {
    await manager.update(RecipientList, { tenantId: list.tenantId, id: list.id }, list);
  }

  async deleteRecipientList(manager: EntityManager, list: Pick<RecipientList, 'tenantId' | 'id'>): Promise<void> {
    await manager.delete(RecipientList, { tenantId: list.tenantId, id: list.id });
  }

  /** The tenant's endpoint, enabled or not, locked for a change when `forUpdate`. */
  findEndpoint(manager: EntityManager, tenantId: string, id: string, { forUpdate = false } = {}): Promise<WebhookEndpoint | null> {
    const query = manager.createQueryBuilder(WebhookEndpoint, 'endpoint').where('endpoint.tenant_id = :tenantId and endpoint.id = :id', { tenantId, id });
    return (forUpdate ? query.setLock('pessimistic_write') : query).getOne();
  }

  pageEndpoints(manager: EntityManager, tenantId: string, page: KeysetPage): Promise<Page<WebhookEndpoint>> {
    return page.fetch(manager.createQueryBuilder(WebhookEndpoint, 'endpoint').where('endpoint.tenant_id = :tenantId', { tenantId }));
  }

  async saveEndpoint(manager: EntityManager, endpoint: WebhookEndpoint): Promise<void> {
    await manager.update(WebhookEndpoint, { tenantId: endpoint.tenantId, id: endpoint.id }, endpoint);
  }

  async deleteEndpoint(manager: EntityManager, endpoint: Pick<WebhookEndpoint, 'tenantId' | 'id'>): Promise<void> {
    await manager.delete(WebhookEndpoint, { tenantId: endpoint.tenantId, id: endpoint.id });
  }

  /** A notification contact's e-mail (src/recipients), or null: what a person's e-mail delivery is sent to. */
  async contactEmail(manager: EntityManager, tenantId: string, contactId: string): Promise<string | null> {
    const rows: Array<{ email: string | null }> = await manager.query(`select email from notification_contacts where tenant_id = $1 and id = $2`, [tenantId, contactId]);
    return rows[0]?.email ?? null;
  }

  /** Names of the tenant's rules that send to `targetId` (a target of theirs or an escalation level). */
  async rulesUsing(manager: EntityManager, tenantId: string, targetId: string): Promise<string[]> {
    const rows: Array<{ name: string }> = await manager.query(
      `select name from alert_rules where tenant_id = $1 and (targets @> $2::jsonb or escalation -> 'levels' ? $3) order by name`,
      [tenantId, JSON.stringify([{ targetId }]), targetId],
    );
    return rows.map((row) => row.name);
  }
}
