import type { AlertMessage } from '../alert-message';
import { chatFacts, chatHeadline } from './chat-text';

const ACCENT = { info: 'Accent', warning: 'Warning', critical: 'Attention' } as const;

/** A Microsoft Teams incoming-webhook (Workflows) message carrying one Adaptive Card 1.4. */
export function teamsPayload(alert: AlertMessage): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', wrap: true, color: ACCENT[alert.severity], text: chatHeadline(alert) },
            { type: 'TextBlock', wrap: true, text: alert.summary },
            { type: 'FactSet', facts: chatFacts(alert) },
          ],
        },
      },
    ],
  };
}
