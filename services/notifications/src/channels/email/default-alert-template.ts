import type { AlertMessage } from '../alert-message';
import type { EmailTemplate } from './email-template';

/** The template used until a tenant edits its own: every alert type, every notification. */
export const DEFAULT_ALERT_EMAIL_TEMPLATE: EmailTemplate = {
  subject: '{% if alert.notification == "alert.resolved" %}[Resolved]{% else %}[{{ alert.severity | capitalize }}]{% endif %} {{ alert.title }}',
  text: [
    '{{ alert.title }}',
    '',
    '{{ alert.summary }}',
    '',
    'Subject: {{ alert.subject_name }}',
    'Occurrences: {{ alert.occurrence_count }} (first {{ alert.first_seen_at }}, last {{ alert.last_seen_at }})',
    'Alert: {{ alert.id }}',
  ].join('\n'),
  mjml: `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text font-size="20px" font-weight="bold">{{ alert.title }}</mj-text>
        <mj-text>{{ alert.summary }}</mj-text>
        <mj-text>Subject: {{ alert.subject_name }}<br/>Occurrences: {{ alert.occurrence_count }}<br/>Last seen: {{ alert.last_seen_at }}</mj-text>
        <mj-text font-size="11px" color="#666666">Alert {{ alert.id }}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
};

/** The data a template sees: plain values with snake_case names, documented for template authors. */
export function emailTemplateData(alert: AlertMessage): Record<string, unknown> {
  return {
    alert: {
      id: alert.alertId,
      type: alert.type,
      notification: alert.notification,
      severity: alert.severity,
      status: alert.status,
      title: alert.title,
      summary: alert.summary,
      subject_kind: alert.subject.kind,
      subject_id: alert.subject.id,
      subject_name: alert.subject.name ?? alert.subject.id,
      occurrence_count: alert.occurrenceCount,
      first_seen_at: alert.firstSeenAt.toISOString(),
      last_seen_at: alert.lastSeenAt.toISOString(),
      event_ids: alert.eventIds,
    },
  };
}
