import { guardedFetch, OutboundRequestRefusedError } from '@mate/net-guard';
import { FetchOutboundHttp, type OutboundHttp } from '../channels';
import type { TenantOutbound } from '../outbound';

/**
 * Webhook and chat posts through the SSRF guard (@mate/net-guard): http(s) only, no credentials in
 * the URL, every resolved address checked against loopback, private, link-local and ULA ranges
 * unless the tenant's (or the deployment's) allow-list has it, the checked address connected to,
 * no redirects followed. The dispatcher is the tenant's, loaded when its target was resolved.
 */
export function guardedOutboundHttp(outbound: TenantOutbound): OutboundHttp {
  return new FetchOutboundHttp(
    (url, { tenantId, ...init }) => guardedFetch(url, init, { policy: { maxRedirects: 0 }, dispatcher: outbound.dispatcherFor(tenantId) }),
    (error) => error instanceof OutboundRequestRefusedError,
  );
}
