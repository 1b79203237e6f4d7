import { Webhook } from 'standardwebhooks';

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Standard Webhooks 1.0 headers for one attempt, signed by the maintained `standardwebhooks`
 * package. During a rotation both active secrets sign, and `webhook-signature` carries one
 * `v1,<base64>` entry per secret separated by spaces: a receiver holding either secret verifies.
 */
export function signWebhook(input: { id: string; timestamp: Date; body: string; secrets: readonly string[] }): WebhookHeaders {
  if (input.secrets.length === 0) throw new Error('a webhook needs at least one active secret');
  const signatures = input.secrets.map((secret) => new Webhook(secret).sign(input.id, input.timestamp, input.body));
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(Math.floor(input.timestamp.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
