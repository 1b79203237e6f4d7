import type { AlertStatus } from '../channels';

/** What a person may do to an alert from the inbox. */
export type AlertAction = 'acknowledge' | 'resolve' | 'mute';

const TARGET: Record<AlertAction, AlertStatus> = { acknowledge: 'acknowledged', resolve: 'resolved', mute: 'muted' };

/**
 * The status an action leads to, or null when the alert is resolved (final: a new occurrence opens
 * a new alert). Repeating an action is allowed and changes nothing (an idempotent retry).
 */
export function statusAfter(current: AlertStatus, action: AlertAction): AlertStatus | null {
  if (current === 'resolved') return action === 'resolve' ? 'resolved' : null;
  return TARGET[action];
}
