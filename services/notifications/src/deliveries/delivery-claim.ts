import type { NotificationsConfig } from '../config/notifications.config';

const CLAIM_MARGIN_MS = 5_000;

/**
 * How long a delivery handed to the job queue stays claimed (its `delivery_schedule.due_at` moved
 * this far ahead): longer than an attempt may take (two timeouts and a margin), so the sweep does
 * not hand a running delivery out again; if its replica dies, the claim runs out and it is due again.
 */
export function deliveryClaimLeaseMs(config: NotificationsConfig): number {
  return 2 * config.extra.WEBHOOK_TIMEOUT_MS + CLAIM_MARGIN_MS;
}
