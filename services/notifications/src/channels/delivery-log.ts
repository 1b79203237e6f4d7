import type { ChannelKind, DeliveryOutcome } from './channel-sender';

/**
 * One row of the delivery log per attempt: what an administrator needs to see why a receiver did
 * not get an alert. No URL (chat webhook URLs are secrets themselves), no header, no body: nothing
 * that could carry a secret or echo what a receiver returned.
 */
export interface DeliveryAttemptLogEntry {
  deliveryId: string;
  attempt: number;
  channel: ChannelKind;
  outcome: DeliveryOutcome['kind'];
  responseStatus: number | null;
  latencyMs: number;
  error: string | null;
  attemptedAt: Date;
}

export function deliveryAttemptLogEntry(
  attempt: { deliveryId: string; attempt: number; channel: ChannelKind; attemptedAt: Date },
  outcome: DeliveryOutcome,
): DeliveryAttemptLogEntry {
  return {
    ...attempt,
    outcome: outcome.kind,
    responseStatus: outcome.responseStatus ?? null,
    latencyMs: outcome.latencyMs,
    error: outcome.kind === 'delivered' ? null : outcome.reason,
  };
}
