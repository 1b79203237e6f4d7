import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { topicFor } from '@mate/contracts';
import { expectEventually, readTopic } from '@mate/testing';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { recordAlert, seedRule, startNotificationsTestApp, type NotificationsTestApp } from './notifications-test-app';

interface Received {
  headers: Record<string, string>;
  body: string;
}

/**
 * `/api/v1/webhook-endpoints` and `/api/v1/deliveries` against the real PostgreSQL, with a
 * receiver on loopback (allow-listed) that the ping and redeliveries reach.
 */
describe('webhook endpoints API (PostgreSQL, loopback receiver)', () => {
  const tenant = randomUUID();
  const other = randomUUID();
  const received: Received[] = [];
  let receiverUrl = '';
  let receiver: Server;
  let test: NotificationsTestApp;
  let admin: string;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body });
        res.writeHead(req.url === '/failing' ? 500 : 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    test = await startNotificationsTestApp('mate_notifications_endpoints_test', { OUTBOUND_ALLOW_LIST: '127.0.0.1', DELIVERY_SWEEP_INTERVAL_MS: '1000', WEBHOOK_SECRET_OVERLAP_HOURS: '1', WEBHOOK_DISABLE_AFTER_HOURS: '0.0005' });
    admin = await test.token(tenant, ['admin']);
  });

  afterAll(async () => {
    await test?.app.close();
    receiver?.close();
  });

  const http = () => request(test.app.getHttpServer());
  const create = (body: object, token = admin) => http().post('/api/v1/webhook-endpoints').set('Authorization', `Bearer ${token}`).send(body);
  const endpointCount = async (tenantId: string) => (await test.inTenant(tenantId, (m) => m.query('select count(*)::int as n from webhook_endpoints')))[0].n as number;
  const verify = (secret: string, delivery: Received) => new Webhook(secret).verify(delivery.body, delivery.headers) as { type: string; data: Record<string, unknown> };

  it('creates a webhook with its secret shown once, stored sealed, never shown again', async () => {
    const created = await create({ url: receiverUrl, description: 'ops' }).expect(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ kind: 'webhook', url: receiverUrl, description: 'ops', enabled: true, version: 1 });
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^whsec_/);

    const read = await http().get(`/api/v1/webhook-endpoints/${created.body.id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(read.body).not.toHaveProperty('secret');
    const list = await http().get('/api/v1/webhook-endpoints?limit=1').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const stored = await test.inTenant(tenant, (m) => m.query('select row_to_json(e)::text as row, encode(sealed_secrets, $2) as sealed from webhook_endpoints e where id = $1', [created.body.id, 'escape']));
    expect(stored[0].row).not.toContain(secret.slice('whsec_'.length, 20));
    expect(stored[0].sealed).not.toContain(secret.slice('whsec_'.length, 20));
  });

  it.each([
    ['a private address', { url: 'http://10.0.0.5/hooks' }, 'url'],
    ['the metadata endpoint', { url: 'http://169.254.169.254/latest' }, 'url'],
    ['another scheme', { url: 'ftp://127.0.0.1/hooks' }, 'url'],
    ['credentials in the URL', { url: 'http://user:pw@127.0.0.1/hooks' }, 'url'],
    ['an unknown kind', { url: 'http://127.0.0.1:9/hooks', kind: 'carrier-pigeon' }, 'kind'],
    ['a field that is not writable', { url: 'http://127.0.0.1:9/hooks', secret: 'whsec_mine' }, 'secret'],
  ])('refuses %s naming the field, and creates nothing', async (_case, body, field) => {
    const before = await endpointCount(tenant);
    const response = await create(body).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await endpointCount(tenant)).toBe(before);
  });

  it('lets only administrators manage endpoints', async () => {
    await create({ url: receiverUrl }, await test.token(tenant, ['planner'])).expect(403);
    await http().get('/api/v1/webhook-endpoints').set('Authorization', `Bearer ${await test.token(tenant, ['technician'])}`).expect(403);
  });

  it('pings with a signed test delivery; a rotation signs with both secrets until the old one expires', async () => {
    const created = (await create({ url: receiverUrl }).expect(201)).body;
    received.length = 0;
    const ping = await http().post(`/api/v1/webhook-endpoints/${created.id}/ping`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(ping.body).toMatchObject({ outcome: 'delivered', responseStatus: 200 });
    expect(received).toHaveLength(1);
    expect(verify(created.secret, received[0])).toMatchObject({ type: 'endpoint.test' });
    expect(received[0].headers['webhook-id']).toBe(ping.body.deliveryId);

    await http().post(`/api/v1/webhook-endpoints/${created.id}/rotate-secret`).set('Authorization', `Bearer ${admin}`).set('If-Match', '"7"').expect(412);
    const rotated = await http().post(`/api/v1/webhook-endpoints/${created.id}/rotate-secret`).set('Authorization', `Bearer ${admin}`).set('If-Match', '"1"').expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect(rotated.headers.etag).toBe('"2"');
    await http().post(`/api/v1/webhook-endpoints/${created.id}/ping`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(received[1].headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verify(rotated.body.secret, received[1]).type).toBe('endpoint.test');
    expect(verify(created.secret, received[1]).type).toBe('endpoint.test');

    // The overlap over, only the new secret signs.
    await test.inTenant(tenant, (m) => m.query(`update webhook_endpoints set previous_secret_expires_at = now() - interval '1 second' where id = $1`, [created.id]));
    await http().post(`/api/v1/webhook-endpoints/${created.id}/ping`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(received[2].headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => verify(created.secret, received[2])).toThrow();
    expect(verify(rotated.body.secret, received[2]).type).toBe('endpoint.test');
  });

  it('edits under If-Match; a disabled endpoint is not pinged until re-enabled; a bad URL changes nothing', async () => {
    const created = (await create({ url: receiverUrl }).expect(201)).body;
    const path = `/api/v1/webhook-endpoints/${created.id}`;
    const disabled = await http().patch(path).set('Authorization', `Bearer ${admin}`).set('If-Match', '"1"').send({ enabled: false, description: 'paused' }).expect(200);
    expect(disabled.body).toMatchObject({ enabled: false, description: 'paused', version: 2 });
    expect(disabled.body.disabledAt).not.toBeNull();
    await http().post(`${path}/ping`).set('Authorization', `Bearer ${admin}`).expect(409);
    const refused = await http().patch(path).set('Authorization', `Bearer ${admin}`).send({ url: 'http://192.168.1.1/hooks' }).expect(400);
    expect(refused.body.errors[0].field).toBe('url');
    await http().patch(path).set('Authorization', `Bearer ${admin}`).set('If-Match', '"1"').send({ enabled: true }).expect(412);
    const enabled = await http().patch(path).set('Authorization', `Bearer ${admin}`).set('If-Match', '"2"').send({ enabled: true }).expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabledAt: null, failingSince: null, url: receiverUrl, version: 3 });
    await http().post(`${path}/ping`).set('Authorization', `Bearer ${admin}`).expect(200);
  });

  it('logs each delivery attempt (no secret) and redelivers with the same webhook-id', async () => {
    const created = (await create({ url: receiverUrl }).expect(201)).body;
    await test.inTenant(tenant, (m) => seedRule(m, tenant, { name: 'to the log test', alertTypes: ['connection.degraded'], targets: [{ channel: 'webhook', targetId: created.id }] }));
    received.length = 0;
    const alert = await recordAlert(test, tenant);
    const logOf = () => http().get(`/api/v1/webhook-endpoints/${created.id}/deliveries`).set('Authorization', `Bearer ${admin}`).expect(200);
    // The attempt is logged when its transaction commits, just after the receiver answered.
    await expectEventually(
      async () =>
        expect((await logOf()).body.items).toEqual([
          expect.objectContaining({ alertId: alert.id, notification: 'alert.opened', attempt: 1, outcome: 'delivered', responseStatus: 200, error: null, deliveryStatus: 'delivered' }),
        ]),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    const log = await logOf();
    expect(received).toHaveLength(1);
    expect(JSON.stringify(log.body)).not.toContain(created.secret.slice(6, 20));
    const deliveryId = log.body.items[0].deliveryId;
    expect(received[0].headers['webhook-id']).toBe(deliveryId);

    const again = await http().post(`/api/v1/deliveries/${deliveryId}/redeliver`).set('Authorization', `Bearer ${admin}`).expect(202);
    expect(again.body).toMatchObject({ id: deliveryId, status: 'pending' });
    await expectEventually(() => expect(received).toHaveLength(2), { timeoutMs: 20_000, intervalMs: 200 });
    expect(received[1].headers['webhook-id']).toBe(deliveryId);
    expect(verify(created.secret, received[1]).data).toMatchObject({ alert_id: alert.id });
    await expectEventually(async () => {
      const attempts = await http().get(`/api/v1/webhook-endpoints/${created.id}/deliveries?limit=1`).set('Authorization', `Bearer ${admin}`).expect(200);
      expect(attempts.body.items).toEqual([expect.objectContaining({ attempt: 2, outcome: 'delivered', deliveryStatus: 'delivered' })]);
      expect(attempts.body.nextCursor).not.toBeNull();
    });

    // An endpoint that a rule sends to is not deleted.
    const refused = await http().delete(`/api/v1/webhook-endpoints/${created.id}`).set('Authorization', `Bearer ${admin}`).expect(409);
    expect(refused.body.detail).toContain('to the log test');
  });

  it('disables an endpoint that keeps failing (event, alert for the admins) until it is re-enabled', async () => {
    const failingUrl = receiverUrl.replace('/hooks', '/failing');
    const created = (await create({ url: failingUrl, description: 'flaky receiver' }).expect(201)).body;
    const path = `/api/v1/webhook-endpoints/${created.id}`;
    await test.inTenant(tenant, (m) => seedRule(m, tenant, { name: 'to the flaky receiver', alertTypes: ['part.below_reorder_point'], targets: [{ channel: 'webhook', targetId: created.id }] }));
    await recordAlert(test, tenant, { type: 'part.below_reorder_point', subject: { kind: 'part', id: randomUUID() }, title: 'Bearings low', subjectName: 'Bearing 6204' });
    // Failing for 1.8 s (WEBHOOK_DISABLE_AFTER_HOURS) disables it at the first retry (2.5 s or later).
    const disabled = await expectEventually(
      async () => {
        const read = await http().get(path).set('Authorization', `Bearer ${admin}`).expect(200);
        expect(read.body).toMatchObject({ enabled: false, version: 2 });
        return read.body;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(disabled.failingSince).not.toBeNull();
    expect(disabled.disabledAt).not.toBeNull();
    const alerts = await http().get('/api/v1/alerts').query({ type: 'webhook_endpoint.disabled' }).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(alerts.body.items).toEqual([expect.objectContaining({ status: 'open', subject: expect.objectContaining({ id: created.id, name: 'flaky receiver' }) })]);
    await expectEventually(
      async () => {
        const messages = await readTopic(topicFor('notifications'), { idleMs: 1_000 });
        const types = messages.filter(({ message }) => message.key?.toString() === created.id).map(({ message }) => message.headers?.['ce_type']?.toString());
        expect(types).toEqual(['mate.notifications.v1.WebhookEndpointDisabled']);
      },
      { timeoutMs: 30_000 },
    );
    expect(alerts.body.items[0].eventIds).toHaveLength(1);

    const enabled = await http().patch(path).set('Authorization', `Bearer ${admin}`).set('If-Match', '"2"').send({ enabled: true }).expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, failingSince: null, disabledAt: null, version: 3 });
  });

  it("answers 404 for another tenant's endpoints and deliveries, and changes nothing", async () => {
    const created = (await create({ url: receiverUrl }).expect(201)).body;
    const delivery = (await test.inTenant(tenant, (m) => m.query('select id from deliveries limit 1')))[0]?.id ?? randomUUID();
    const stranger = await test.token(other, ['admin']);
    const path = `/api/v1/webhook-endpoints/${created.id}`;
    await http().get(path).set('Authorization', `Bearer ${stranger}`).expect(404);
    await http().patch(path).set('Authorization', `Bearer ${stranger}`).send({ enabled: false }).expect(404);
    await http().post(`${path}/rotate-secret`).set('Authorization', `Bearer ${stranger}`).expect(404);
    await http().post(`${path}/ping`).set('Authorization', `Bearer ${stranger}`).expect(404);
    await http().get(`${path}/deliveries`).set('Authorization', `Bearer ${stranger}`).expect(404);
    await http().post(`/api/v1/deliveries/${delivery}/redeliver`).set('Authorization', `Bearer ${stranger}`).expect(404);
    await http().delete(path).set('Authorization', `Bearer ${stranger}`).expect(404);
    const list = await http().get('/api/v1/webhook-endpoints').set('Authorization', `Bearer ${stranger}`).expect(200);
    expect(list.body.items).toEqual([]);
    const unchanged = await http().get(path).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(unchanged.body).toMatchObject({ enabled: true, version: 1 });
    await http().delete(path).set('Authorization', `Bearer ${admin}`).set('If-Match', '"1"').expect(204);
    await http().get(path).set('Authorization', `Bearer ${admin}`).expect(404);
  });
});
