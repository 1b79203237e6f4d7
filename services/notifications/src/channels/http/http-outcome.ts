import type { DeliveryOutcome } from '../channel-sender';
import type { OutboundResult } from './outbound-http';

/**
 * A 2xx is delivered; anything else is retried (as Standard Webhooks senders do: a receiver that is
 * down, throttling or mid-deploy recovers), except a request our SSRF policy refused, which no
 * retry can fix. Redirects are not followed, so a 3xx is a failure too.
 */
export function outcomeOfHttp(result: OutboundResult): DeliveryOutcome {
  if (result.kind === 'failed') {
    if (result.reason === 'refused_by_policy') {
      return { kind: 'rejected', latencyMs: result.latencyMs, reason: 'the URL is not allowed by the outbound policy' };
    }
    return { kind: 'retryable', latencyMs: result.latencyMs, reason: result.reason === 'timeout' ? 'timed out' : 'connection failed' };
  }
  const { status, latencyMs } = result;
  if (status >= 200 && status < 300) return { kind: 'delivered', latencyMs, responseStatus: status };
  return { kind: 'retryable', latencyMs, responseStatus: status, reason: `receiver answered ${status}` };
}
