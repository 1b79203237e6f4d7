import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { assertSafeUrl, OutboundRequestRefusedError, TenantDispatchers } from '@mate/net-guard';
import { ProblemException, SERVICE_CONFIG } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { Dispatcher } from 'undici';
import { outboundAllowList, type NotificationsConfig } from '../config/notifications.config';
import { OutboundAllowList } from './outbound-allow-list.entity';

/**
 * Where each tenant's webhook and chat deliveries may connect (the SSRF guard, @mate/net-guard):
 * public addresses, plus the deployment's `OUTBOUND_ALLOW_LIST`, plus what the tenant's
 * administrator allow-listed (`/api/v1/outbound-allow-list`). One guarded dispatcher per tenant
 * and list (`TenantDispatchers`, shared with connectors), loaded in the caller's tenant transaction
 * before a send; every connection goes to the address that was checked.
 */
@Injectable()
export class TenantOutbound implements OnApplicationShutdown {
  private readonly dispatchers: TenantDispatchers;
  private readonly deploymentEntries: readonly string[];

  constructor(@Inject(SERVICE_CONFIG) config: NotificationsConfig) {
    const timeoutMs = config.extra.WEBHOOK_TIMEOUT_MS;
    this.deploymentEntries = outboundAllowList(config);
    this.dispatchers = new TenantDispatchers({ headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs });
  }

  /** The tenant's own entries (what its administrator manages), with their version (0: none yet). */
  async ownList(manager: EntityManager, tenantId: string): Promise<{ entries: string[]; version: number; updatedAt: Date | null }> {
    const row = await manager.findOneBy(OutboundAllowList, { tenantId });
    return { entries: row?.entries ?? [], version: row?.version ?? 0, updatedAt: row?.updatedAt ?? null };
  }

  async replace(manager: EntityManager, tenantId: string, entries: string[], actor: string, version: number): Promise<void> {
    await manager.upsert(OutboundAllowList, { tenantId, entries, version, updatedBy: actor, updatedAt: new Date() }, ['tenantId']);
    this.dispatchers.remember(tenantId, [...this.deploymentEntries, ...entries]);
  }

  /** Reads the tenant's list for the sends that follow (a delivery attempt, a ping). */
  async load(manager: EntityManager, tenantId: string): Promise<void> {
    this.dispatchers.remember(tenantId, await this.effectiveList(manager, tenantId));
  }

  /** The dispatcher of the tenant's last loaded list (public addresses and the deployment's list before one). */
  dispatcherFor(tenantId: string | undefined): Dispatcher {
    return tenantId ? this.dispatchers.dispatcherFor(tenantId) : this.dispatchers.remember('', this.deploymentEntries);
  }

  /**
   * The SSRF guard when a URL is saved (it runs again on every send, where it counts): a URL the
   * tenant may not reach is a 400 naming the field, with the guard's reason (host only, never the URL).
   */
  async assertAllowed(manager: EntityManager, tenantId: string, url: string, field = 'url'): Promise<void> {
    try {
      await assertSafeUrl(url, { allowList: await this.effectiveList(manager, tenantId) });
    } catch (error) {
      if (error instanceof OutboundRequestRefusedError) throw ProblemException.validation([{ field, message: `${error.message} (${error.code})` }]);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatchers.close();
  }

  private async effectiveList(manager: EntityManager, tenantId: string): Promise<string[]> {
    return [...this.deploymentEntries, ...(await this.ownList(manager, tenantId)).entries];
  }
}
