import { Injectable } from '@nestjs/common';
import { OutboundRefusalCode, OutboundRequestRefusedError, TenantDispatchers, assertSafeUrl } from '@mate/net-guard';
import { ProblemException } from '@mate/service-kit';
import type { Dispatcher } from 'undici';
import type { EntityManager } from 'typeorm';
import { OutboundAllowList } from './outbound-allow-list.entity';

/**
 * Where each tenant's connections may connect (the SSRF guard, @mate/net-guard): public addresses,
 * plus what the tenant's administrator allow-listed (a Maximo on the plant's LAN, the simulators in
 * tests). One guarded dispatcher per tenant and allow-list (`TenantDispatchers` of @mate/net-guard,
 * shared with notifications), kept for its connection pool; every connection it opens goes to the
 * address it checked.
 */
@Injectable()
export class OutboundPolicies {
  private readonly dispatchers = new TenantDispatchers();

  async allowList(manager: EntityManager, tenantId: string): Promise<string[]> {
    return (await manager.findOneBy(OutboundAllowList, { tenantId }))?.entries ?? [];
  }

  async replaceAllowList(manager: EntityManager, tenantId: string, entries: string[], actor: string): Promise<string[]> {
    await manager.upsert(OutboundAllowList, { tenantId, entries, updatedBy: actor, updatedAt: new Date() }, ['tenantId']);
    this.remember(tenantId, entries);
    return entries;
  }

  /** Loads the tenant's allow-list for the calls that follow (read in the caller's tenant transaction). */
  async load(manager: EntityManager, tenantId: string): Promise<void> {
    this.remember(tenantId, await this.allowList(manager, tenantId));
  }

  /** The guarded dispatcher of the tenant's last loaded allow-list (public addresses only before one is loaded). */
  dispatcherFor(tenantId: string): Dispatcher {
    return this.dispatchers.dispatcherFor(tenantId);
  }

  /** Refuses a base URL the tenant's connections may not reach, before anything is sent: 422 naming `baseUrl`. */
  async checkBaseUrl(manager: EntityManager, tenantId: string, baseUrl: string): Promise<void> {
    const allowList = await this.allowList(manager, tenantId);
    this.remember(tenantId, allowList);
    try {
      await assertSafeUrl(baseUrl, { allowList });
    } catch (error) {
      throw error instanceof OutboundRequestRefusedError ? refusedBaseUrl(error) : error;
    }
  }

  private remember(tenantId: string, entries: readonly string[]): Dispatcher {
    return this.dispatchers.remember(tenantId, entries);
  }
}

/** The one mapping of a guard refusal to the API: 422 naming `baseUrl`, the host but never the whole URL. */
export function refusedBaseUrl(error: OutboundRequestRefusedError): ProblemException {
  const message =
    error.code === OutboundRefusalCode.FORBIDDEN_ADDRESS
      ? `${error.host ?? 'the host'} resolves to an address connections may not reach (${error.address ?? 'not public'}); an administrator can allow-list it`
      : error.message;
  return new ProblemException({ status: 422, type: 'urn:mate:problem:outbound-refused', title: 'Address not allowed', detail: message, extensions: { code: error.code, errors: [{ field: 'baseUrl', message }] } });
}
