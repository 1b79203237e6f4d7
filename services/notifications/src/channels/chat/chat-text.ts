import type { AlertMessage, DigestMessage } from '../alert-message';

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

/** A digest's headline: how many alerts, until when. */
export function digestHeadline(digest: DigestMessage): string {
  return `[Digest] ${digest.alerts.length} ${digest.alerts.length === 1 ? 'alert' : 'alerts'} until ${digest.windowEnd.toISOString()}`;
}

/** One line per alert of a digest, with its status when the digest went out. */
export function digestLine(alert: AlertMessage): string {
  return `[${SEVERITY_LABEL[alert.severity]}, ${alert.status}] ${alert.title} (${alert.subject.name ?? alert.subject.id}, ${alert.occurrenceCount}x)`;
}
