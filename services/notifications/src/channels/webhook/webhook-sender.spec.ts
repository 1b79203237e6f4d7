import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { FetchOutboundHttp, type PostFetch } from '../http/fetch-outbound-http';
import { sampleAlert } from '../testing/sample-alert';
import { generateWebhookSecret, isWebhookSecret } from './webhook-secret';
import { WebhookSender } from './webhook-sender';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on loopback that answers with the next status of `statuses` (the last one repeats). */
async function startReceiver(statuses: number[], delayMs = 0): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      const status = statuses[Math.min(received.length, statuses.length) - 1];
      setTimeout(() => response.writeHead(status).end('receiver says: secret internals'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, server };
}

const loopbackFetch: PostFetch = (url, init) => fetch(url, { ...init, redirect: 'manual' });
const http = new FetchOutboundHttp(loopbackFetch, (error) => error instanceof Error && error.message === 'refused by policy');

function headersOf(received: Received): Record<string, string> {
  return Object.fromEntries(Object.entries(received.headers).map(([name, value]) => [name, String(value)]));
}

describe('WebhookSender', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((server) => server.close()));

  it('posts the alert with its event ids, signed by both active secrets during a rotation', async () => {
    const receiver = await startReceiver([204]);
    servers.push(receiver.server);
    const [newer, older] = [generateWebhookSecret(), generateWebhookSecret()];
    expect(isWebhookSecret(newer)).toBe(true);
    const outcome = await new WebhookSender(http).send({
      deliveryId: 'msg_0193a1f2delivery',
      attempt: 1,
      alert: sampleAlert(),
      target: { url: receiver.url, secrets: [newer, older] },
    });

    expect(outcome).toMatchObject({ kind: 'delivered', responseStatus: 204 });
    const [delivery] = receiver.received;
    expect(delivery.headers['webhook-id']).toBe('msg_0193a1f2delivery');
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [newer, older]) {
      const payload = new Webhook(secret).verify(delivery.body, headersOf(delivery)) as { type: string; data: Record<string, unknown> };
      expect(payload.type).toBe('alert.opened');
      expect(payload.data).toMatchObject({ alert_id: sampleAlert().alertId, event_ids: sampleAlert().eventIds, severity: 'critical' });
    }
    expect(() => new Webhook(generateWebhookSecret()).verify(delivery.body, headersOf(delivery))).toThrow('No matching signature');
  });

  it('keeps the webhook-id across retries, signs each attempt with its own timestamp, and retries a 500', async () => {
    const receiver = await startReceiver([500, 200]);
    servers.push(receiver.server);
    const secret = generateWebhookSecret();
    const times = [new Date('2026-12-04T08:00:00Z'), new Date('2026-12-04T08:00:10Z')];
    const sender = new WebhookSender(http, () => times.shift() ?? new Date());
    const request = { deliveryId: 'msg_same', alert: sampleAlert(), target: { url: receiver.url, secrets: [secret] } };

    const first = await sender.send({ ...request, attempt: 1 });
    const second = await sender.send({ ...request, attempt: 2 });

    expect(first).toMatchObject({ kind: 'retryable', responseStatus: 500, reason: 'receiver answered 500' });
    expect(second).toMatchObject({ kind: 'delivered', responseStatus: 200 });
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(['msg_same', 'msg_same']);
    expect(receiver.received.map((r) => r.headers['webhook-timestamp'])).toEqual(['1796371200', '1796371210']);
  });

  it('gives up on a receiver slower than the timeout and retries later', async () => {
    const receiver = await startReceiver([200], 1_000);
    servers.push(receiver.server);
    const sender = new WebhookSender(http, () => new Date(), 100);
    const outcome = await sender.send({ deliveryId: 'msg_slow', attempt: 1, alert: sampleAlert(), target: { url: receiver.url, secrets: [generateWebhookSecret()] } });
    expect(outcome).toMatchObject({ kind: 'retryable', reason: 'timed out' });
  });

  it('does not retry a URL the outbound policy refuses', async () => {
    const refusing = new FetchOutboundHttp(() => Promise.reject(new Error('refused by policy')), (error) => error instanceof Error && error.message === 'refused by policy');
    const outcome = await new WebhookSender(refusing).send({
      deliveryId: 'msg_refused',
      attempt: 1,
      alert: sampleAlert(),
      target: { url: 'http://169.254.169.254/latest', secrets: [generateWebhookSecret()] },
    });
    expect(outcome.kind).toBe('rejected');
  });

  it('counts a closed port as a connection failure to retry', async () => {
    const outcome = await new WebhookSender(http).send({ deliveryId: 'msg_closed', attempt: 1, alert: sampleAlert(), target: { url: 'http://127.0.0.1:9/', secrets: [generateWebhookSecret()] } });
    expect(outcome).toMatchObject({ kind: 'retryable', reason: 'connection failed' });
  });
});
