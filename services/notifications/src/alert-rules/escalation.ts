import type { AlertSeverity, AlertStatus } from '../channels/alert-message';

/** An unacknowledged critical alert goes to the next recipient list every `afterMinutes`, at most `maxEscalations` times. */
export interface EscalationPolicy {
  afterMinutes: number;
  maxEscalations: number;
  /** Recipient list ids, one per level; past the last, the last one is told again. */
  levels: readonly string[];
}

export interface EscalationState {
  severity: AlertSeverity;
  status: AlertStatus;
  /** Escalations made so far. */
  escalationLevel: number;
  openedAt: Date;
}

export interface EscalationStep {
  level: number;
  recipientListId: string;
  dueAt: Date;
}

/** The next escalation of an alert, or null when it will not escalate (any more). */
export function nextEscalation(alert: EscalationState, policy: EscalationPolicy): EscalationStep | null {
  if (alert.severity !== 'critical' || alert.status !== 'open') return null;
  if (policy.levels.length === 0 || alert.escalationLevel >= policy.maxEscalations) return null;
  const level = alert.escalationLevel + 1;
  return {
    level,
    recipientListId: policy.levels[Math.min(level, policy.levels.length) - 1],
    dueAt: new Date(alert.openedAt.getTime() + level * policy.afterMinutes * 60_000),
  };
}

/**
 * Decided again when the timer fires, on the alert as it is then: acknowledged, resolved or muted
 * in the meantime, or already escalated by another replica, and nothing happens.
 */
export function escalationDue(alert: EscalationState, policy: EscalationPolicy, expectedLevel: number, now: Date): EscalationStep | null {
  const step = nextEscalation(alert, policy);
  if (step === null || step.level !== expectedLevel || step.dueAt > now) return null;
  return step;
}
