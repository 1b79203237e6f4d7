import type { ChannelSender, DeliveryOutcome, DeliveryRequest } from '../channel-sender';
import { outcomeOfHttp } from '../http/http-outcome';
import type { OutboundHttp } from '../http/outbound-http';
import { webhookPayload } from './webhook-payload';
import { signWebhook } from './webhook-signature';

export interface WebhookTarget {
  url: string;
  /** The active secrets: one, or two during a rotation (the newer first). */
  secrets: readonly string[];
  /** Whose outbound allow-list the post goes through (absent: the deployment's only). */
  tenantId?: string;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Signs and posts an alert. The `webhook-id` is the delivery id, the same on every attempt; the
 * timestamp (and so the signature) is the attempt's own, so a retry after hours is not refused
 * by a receiver's 5-minute replay window.
 */
export class WebhookSender implements ChannelSender<WebhookTarget> {
  readonly channel = 'webhook' as const;

  constructor(
    private readonly http: OutboundHttp,
    private readonly clock: () => Date = () => new Date(),
    private readonly timeoutMs = DEFAULT_WEBHOOK_TIMEOUT_MS,
  ) {}

  async send(request: DeliveryRequest<WebhookTarget>): Promise<DeliveryOutcome> {
    // Digest rules never route to webhooks (alert-rules/delivery-routing.ts: DIGEST_CHANNELS).
    if (request.digest) return { kind: 'rejected', latencyMs: 0, reason: 'webhooks receive one payload per alert, never a digest' };
    const now = this.clock();
    const body = webhookPayload(request.alert, now);
    const headers = signWebhook({ id: request.deliveryId, timestamp: now, body, secrets: request.target.secrets });
    const result = await this.http.post({
      url: request.target.url,
      tenantId: request.target.tenantId,
      body,
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'MechanicsMate-Webhooks/1' },
      timeoutMs: this.timeoutMs,
    });
    return outcomeOfHttp(result);
  }
}
