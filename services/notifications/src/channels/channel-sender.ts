import type { AlertMessage, DigestMessage } from './alert-message';

/** Every way an alert leaves the service. Adding a channel adds a kind and one sender folder. */
export type ChannelKind = 'webhook' | 'email' | 'slack' | 'teams';

/**
 * One delivery to one target: of one alert, or (`digest`) of the alerts a digest collected.
 * `deliveryId` names the delivery, not the attempt: it stays the same across retries (the
 * webhook's `webhook-id`, the e-mail's Message-ID), so a receiver that got the first attempt can
 * drop the repeat.
 */
export type DeliveryRequest<TTarget> =
  | { deliveryId: string; attempt: number; target: TTarget; alert: AlertMessage; digest?: undefined }
  | { deliveryId: string; attempt: number; target: TTarget; digest: DigestMessage; alert?: undefined };

/**
 * What an attempt came to. `retryable`: try again later (5xx, 429, timeouts, refused connections);
 * `rejected`: the target refused for good (e.g. an SMTP 5xx for the recipient), no retry helps.
 * `reason` is ours, never the receiver's body, so nothing a receiver returns ends up in our logs.
 */
export type DeliveryOutcome =
  | { kind: 'delivered'; latencyMs: number; responseStatus?: number }
  | { kind: 'retryable'; latencyMs: number; reason: string; responseStatus?: number }
  | { kind: 'rejected'; latencyMs: number; reason: string; responseStatus?: number };

/** One sender per channel, one shape for all of them (Novu's model). */
export interface ChannelSender<TTarget> {
  readonly channel: ChannelKind;
  send(request: DeliveryRequest<TTarget>): Promise<DeliveryOutcome>;
}
