import type { AlertMessage, DigestMessage } from '../alert-message';
import { chatFacts, chatHeadline, digestHeadline, digestLine } from './chat-text';

const ACCENT = { info: 'Accent', warning: 'Warning', critical: 'Attention' } as const;

/** A Microsoft Teams incoming-webhook (Workflows) message carrying one Adaptive Card 1.4. */
export function teamsPayload(alert: AlertMessage): Record<string, unknown> {
  return adaptiveCardMessage([
    { type: 'TextBlock', size: 'Medium', weight: 'Bolder', wrap: true, color: ACCENT[alert.severity], text: chatHeadline(alert) },
    { type: 'TextBlock', wrap: true, text: alert.summary },
    { type: 'FactSet', facts: chatFacts(alert) },
  ]);
}

/** A digest: the headline, then one text block per alert. */
export function teamsDigestPayload(digest: DigestMessage): Record<string, unknown> {
  return adaptiveCardMessage([
    { type: 'TextBlock', size: 'Medium', weight: 'Bolder', wrap: true, text: digestHeadline(digest) },
    ...digest.alerts.map((alert) => ({ type: 'TextBlock', wrap: true, spacing: 'Small', color: ACCENT[alert.severity], text: digestLine(alert) })),
  ]);
}

function adaptiveCardMessage(body: Array<Record<string, unknown>>): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body },
      },
    ],
  };
}
