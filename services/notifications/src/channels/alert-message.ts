export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'open' | 'acknowledged' | 'resolved' | 'muted';
export type SubjectKind = 'connection' | 'work_order' | 'work_request' | 'asset' | 'part' | 'plan' | 'service';

/** What a channel is told about an alert: everything a receiver needs, never a secret. */
export interface AlertMessage {
  alertId: string;
  tenantId: string;
  type: string;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  summary: string;
  subject: { kind: SubjectKind; id: string; name?: string };
  occurrenceCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** The ids (`ce_id`) of the events that opened or changed the alert. */
  eventIds: string[];
  /** What the receiver is told happened to the alert: `alert.opened`, `alert.resolved`, `alert.escalated`. */
  notification: AlertNotificationType;
}

export type AlertNotificationType = 'alert.opened' | 'alert.resolved' | 'alert.escalated' | 'alert.digest' | 'endpoint.test';

/**
 * One message for the alerts a digest rule collected for one target in one window. Each alert is
 * as it is when the digest goes out: one resolved meanwhile is listed as resolved.
 */
export interface DigestMessage {
  tenantId: string;
  /** The end of the window (the digest's send time). */
  windowEnd: Date;
  alerts: AlertMessage[];
}
