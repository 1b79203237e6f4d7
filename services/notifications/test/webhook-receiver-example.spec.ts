import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from '@swc/core';
import { generateWebhookSecret, signWebhook } from '../src/channels';

type Receive = (secret: string, rawBody: string, headers: Record<string, string>) => 'processed' | 'duplicate';

/** Runs the TypeScript example of docs/services/notifications.md as written there. */
function loadDocumentedReceiver(): Receive {
  const doc = readFileSync(join(__dirname, '../../../docs/services/notifications.md'), 'utf8');
  const match = /<!-- example: webhook-receiver[^\n]*-->\n```ts\n([\s\S]*?)```/.exec(doc);
  if (!match) throw new Error('the webhook receiver example is missing from docs/services/notifications.md');
  const { code } = transformSync(match[1], { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
  const module = { exports: {} as { receiveMateWebhook?: Receive } };
  new Function('require', 'module', 'exports', 'console', code)(require, module, module.exports, { log: () => undefined });
  if (!module.exports.receiveMateWebhook) throw new Error('the example does not export receiveMateWebhook');
  return module.exports.receiveMateWebhook;
}

describe('the documented webhook receiver', () => {
  const receive = loadDocumentedReceiver();
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ type: 'alert.opened', timestamp: new Date().toISOString(), data: { alert_id: 'a1' } });
  const signed = (id: string, at: Date, secrets = [secret]): Record<string, string> => ({ ...signWebhook({ id, timestamp: at, body, secrets }) });

  it('verifies a delivery signed by the service and drops its retry by webhook-id', () => {
    expect(receive(secret, body, signed('msg_1', new Date()))).toBe('processed');
    expect(receive(secret, body, signed('msg_1', new Date()))).toBe('duplicate');
  });

  it('verifies with either secret during a rotation', () => {
    const older = generateWebhookSecret();
    expect(receive(older, body, signed('msg_2', new Date(), [secret, older]))).toBe('processed');
  });

  it('rejects a replay with an old timestamp', () => {
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    expect(() => receive(secret, body, signed('msg_3', tenMinutesAgo))).toThrow('Message timestamp too old');
  });

  it('rejects a changed body and a wrong secret', () => {
    const headers = signed('msg_4', new Date());
    expect(() => receive(secret, body.replace('a1', 'a2'), headers)).toThrow('No matching signature found');
    expect(() => receive(generateWebhookSecret(), body, headers)).toThrow('No matching signature found');
  });
});
