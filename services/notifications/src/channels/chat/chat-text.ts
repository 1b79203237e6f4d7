import type { AlertMessage } from '../alert-message';

const SEVERITY_LABEL = { info: 'Info', warning: 'Warning', critical: 'Critical' } as const;

/** The one-line headline both chat formats lead with. */
export function chatHeadline(alert: AlertMessage): string {
  const prefix = alert.notification === 'alert.resolved' ? 'Resolved' : SEVERITY_LABEL[alert.severity];
  return `[${prefix}] ${alert.title}`;
}

/** Facts shown under the headline, in one order for both formats. */
export function chatFacts(alert: AlertMessage): Array<{ title: string; value: string }> {
  return [
    { title: 'Subject', value: alert.subject.name ?? `${alert.subject.kind} ${alert.subject.id}` },
    { title: 'Occurrences', value: String(alert.occurrenceCount) },
    { title: 'Last seen', value: alert.lastSeenAt.toISOString() },
    { title: 'Alert', value: alert.alertId },
  ];
}
