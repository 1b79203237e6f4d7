import type { AlertMessage, AlertNotificationType } from '../channels';
import type { Alert } from './alert.entity';

/** What the channels are told about an alert (never more than its row holds). */
export function toAlertMessage(alert: Alert, notification: AlertNotificationType): AlertMessage {
  return {
    alertId: alert.id,
    tenantId: alert.tenantId,
    type: alert.type,
    severity: alert.severity,
    status: alert.status,
    title: alert.title,
    summary: alert.summary,
    subject: { kind: alert.subjectKind, id: alert.subjectId, ...(alert.subjectName ? { name: alert.subjectName } : {}) },
    occurrenceCount: alert.occurrenceCount,
    firstSeenAt: alert.firstSeenAt,
    lastSeenAt: alert.lastSeenAt,
    eventIds: alert.eventIds,
    notification,
  };
}
