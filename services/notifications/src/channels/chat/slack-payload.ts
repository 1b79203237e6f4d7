import type { AlertMessage, DigestMessage } from '../alert-message';
import { chatFacts, chatHeadline, digestHeadline, digestLine } from './chat-text';

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

/** A digest: the headline, then one escaped line per alert (Slack allows 50 blocks: one section for all). */
export function slackDigestPayload(digest: DigestMessage): Record<string, unknown> {
  return {
    text: escapeSlack(digestHeadline(digest)),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: digestHeadline(digest).slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: digest.alerts.map((alert) => `• ${escapeSlack(digestLine(alert))}`).join('\n').slice(0, 3000) } },
    ],
  };
}

/** Slack's three control characters (its documented escaping): no mention or link injection. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
