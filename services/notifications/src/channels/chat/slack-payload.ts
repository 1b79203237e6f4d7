import type { AlertMessage } from '../alert-message';
import { chatFacts, chatHeadline } from './chat-text';

/**
 * A Slack incoming-webhook message: `text` is the notification fallback, `blocks` the layout
 * (Block Kit). Slack renders mrkdwn in text, so the tenant-controlled strings are escaped.
 */
export function slackPayload(alert: AlertMessage): Record<string, unknown> {
  const headline = escapeSlack(chatHeadline(alert));
  return {
    text: headline,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: chatHeadline(alert).slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(alert.summary) } },
      { type: 'section', fields: chatFacts(alert).map((fact) => ({ type: 'mrkdwn', text: `*${fact.title}*\n${escapeSlack(fact.value)}` })) },
    ],
  };
}

/** Slack's three control characters (its documented escaping): no mention or link injection. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
