import { createGuardedDispatcher, guardedFetch, OutboundRequestRefusedError, type OutboundPolicy } from '@mate/net-guard';
import { FetchOutboundHttp, type OutboundHttp } from '../channels';

/**
 * Webhook and chat posts through the SSRF guard (@mate/net-guard): http(s) only, no credentials in
 * the URL, every resolved address checked against loopback, private, link-local and ULA ranges
 * unless allow-listed, the checked address connected to, no redirects followed.
 */
export function guardedOutboundHttp(policy: OutboundPolicy, timeoutMs: number): OutboundHttp {
  const guard = { policy: { ...policy, maxRedirects: 0 }, dispatcher: createGuardedDispatcher(policy, { headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs }) };
  return new FetchOutboundHttp(
    (url, init) => guardedFetch(url, init, guard),
    (error) => error instanceof OutboundRequestRefusedError,
  );
}
