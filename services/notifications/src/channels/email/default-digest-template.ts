import type { DigestMessage } from '../alert-message';
import { emailTemplateData } from './default-alert-template';
import type { EmailTemplate } from './email-template';

/**
 * The template key of digests in `/api/v1/notification-templates`, next to the alert types: a tenant
 * may edit its digest e-mail as it edits an alert type's.
 */
export const DIGEST_TEMPLATE_KEY = 'digest';

/** The digest e-mail: one line per alert, each with its status when the digest went out. */
export const DEFAULT_DIGEST_EMAIL_TEMPLATE: EmailTemplate = {
  subject: '[Digest] {{ digest.alert_count }} {% if digest.alert_count == 1 %}alert{% else %}alerts{% endif %} until {{ digest.window_end }}',
  text: [
    '{% for alert in alerts %}- [{{ alert.severity | capitalize }}, {{ alert.status }}] {{ alert.title }} ({{ alert.subject_name }}, {{ alert.occurrence_count }}x, last {{ alert.last_seen_at }})',
    '{% endfor %}',
  ].join('\n'),
  mjml: `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text font-size="20px" font-weight="bold">{{ digest.alert_count }} alerts until {{ digest.window_end }}</mj-text>
        {% for alert in alerts %}<mj-text><b>[{{ alert.severity | capitalize }}, {{ alert.status }}] {{ alert.title }}</b><br/>{{ alert.summary }}<br/>{{ alert.subject_name }}, {{ alert.occurrence_count }}x, last seen {{ alert.last_seen_at }}</mj-text>
        {% endfor %}
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
};

/** A digest template sees `digest` (window end, count) and `alerts`, each as an alert template sees `alert`. */
export function digestTemplateData(digest: DigestMessage): Record<string, unknown> {
  return {
    digest: { window_end: digest.windowEnd.toISOString(), alert_count: digest.alerts.length },
    alerts: digest.alerts.map((alert) => emailTemplateData(alert).alert),
  };
}
