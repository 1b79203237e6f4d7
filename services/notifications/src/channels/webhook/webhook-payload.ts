import type { AlertMessage } from '../alert-message';

/**
 * The JSON body, in the shape Standard Webhooks recommends (`type`, `timestamp`, `data`). It carries
 * the alert and the ids of the events behind it, so a receiver can correlate and deduplicate.
 */
export function webhookPayload(alert: AlertMessage, sentAt: Date): string {
  return JSON.stringify({
    type: alert.notification,
    timestamp: sentAt.toISOString(),
    data: {
      alert_id: alert.alertId,
      tenant_id: alert.tenantId,
      alert_type: alert.type,
      severity: alert.severity,
      status: alert.status,
      title: alert.title,
      summary: alert.summary,
      subject: alert.subject,
      occurrence_count: alert.occurrenceCount,
      first_seen_at: alert.firstSeenAt.toISOString(),
      last_seen_at: alert.lastSeenAt.toISOString(),
      event_ids: alert.eventIds,
    },
  });
}
