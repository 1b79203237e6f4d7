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

export type AlertNotificationType = 'alert.opened' | 'alert.resolved' | 'alert.escalated' | 'endpoint.test';
