/**
 * The product's key story (issue 11, "Done when") across two services, against the real
 * PostgreSQL, Kafka, the connectors service and its Maximo simulator: a credential revoked in the
 * simulator becomes one critical alert, delivered once by signed webhook, once by e-mail (a real
 * SMTP server), once to the inbox and its live stream; further failures of the connection raise the
 * count and send nothing; reconnecting through the connectors' reauthorize flow resolves the alert
 * and announces it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { ConnectionAuthFailedSchema, ConnectionReauthRequiredSchema, ConnectionRestoredSchema, FailureClass, topicFor } from '@mate/contracts';
import { createKafka, newEventId, toKafkaHeaders } from '@mate/messaging';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { countAfterMarker, expectEventually, readTopic, testKafkaBrokers, uniqueName } from '@mate/testing';
import type { Message, Producer } from 'kafkajs';
import { Webhook } from 'standardwebhooks';
import { startConnectorsTestApp, type ConnectorsTestApp } from '../../services/connectors/test/connectors-test-app';
import { generateWebhookSecret } from '../../services/notifications/src/channels';
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from '../../services/notifications/test/loopback-receivers';
import { seedRouting, startNotificationsTestApp, type NotificationsTestApp } from '../../services/notifications/test/notifications-test-app';

interface AlertSeen {
  id: string;
  type: string;
  severity: string;
  status: string;
  occurrenceCount: number;
  eventIds: string[];
}
interface WebhookEvent {
  type: string;
  data: { alert_id: string; alert_type: string; severity: string; status: string; occurrence_count: number; event_ids: string[] };
}

const FURTHER_FAILURES = 20;

/** The tenant's live stream, read for the whole test as an ops dashboard would, into `seen`. */
async function followStream(url: string, authorization: string, seen: AlertSeen[], signal: AbortSignal): Promise<void> {
  const response = await fetch(url, { headers: { authorization }, signal });
  const reader = response.body!.getReader();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += new TextDecoder().decode(value);
      const blocks = text.split('\n\n');
      text = blocks.pop() ?? '';
      for (const block of blocks) {
        const data = /^data: (.*)$/m.exec(block);
        if (data) seen.push(JSON.parse(data[1]) as AlertSeen);
      }
    }
  } catch {
    // aborted at the end of the test
  }
}

/** A ConnectionAuthFailed as the connectors service publishes it (CloudEvents binary mode, keyed by the connection). */
function authFailed(tenantId: string, connectionId: string): Message {
  const event = create(ConnectionAuthFailedSchema, { connectionId, system: 'maximo', classification: FailureClass.AUTH_INVALID, operation: 'probe', upstreamStatus: 400, occurredAt: timestampNow() });
  return {
    key: connectionId,
    value: Buffer.from(toBinary(ConnectionAuthFailedSchema, event)),
    headers: toKafkaHeaders({ id: newEventId(), source: '/mate/connectors', type: ConnectionAuthFailedSchema.typeName, time: new Date().toISOString(), subject: connectionId, tenantId }),
  };
}

describe('a revoked connector credential reaches the customer once, and reconnecting resolves it (connectors + notifications, PostgreSQL, Kafka, simulator)', () => {
  const tenant = randomUUID();
  const suffix = `${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  const topics = { connectors: `test.connectors.${suffix}`, notifications: `test.notifications.${suffix}` };
  const secret = generateWebhookSecret();
  let maximo: RunningSimulator;
  let webhooks: WebhookReceiver;
  let smtp: SmtpReceiver;
  let connectors: ConnectorsTestApp;
  let notifications: NotificationsTestApp;
  let producer: Producer;
  let admin: string;
  let connectionId: string;
  const stream: AlertSeen[] = [];
  const streamAbort = new AbortController();

  beforeAll(async () => {
    [maximo, webhooks, smtp] = await Promise.all([startSimulator('maximo'), startWebhookReceiver(), startSmtpReceiver()]);
    connectors = await startConnectorsTestApp('mate_connectors_alert_e2e', { CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}` }, { fresh: true, topic: topics.connectors });
    notifications = await startNotificationsTestApp(
      'mate_notifications_alert_e2e',
      { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), OUTBOUND_ALLOW_LIST: '127.0.0.1', DELIVERY_SWEEP_INTERVAL_MS: '1000' },
      { topics: { [topicFor('connectors')]: topics.connectors, [topicFor('notifications')]: topics.notifications }, consume: true },
    );
    await notifications.inTenant(tenant, (manager) => seedRouting(manager, tenant, { webhookUrl: webhooks.url, secrets: [secret], emails: ['oncall@example.test'] }));
    await notifications.app.listen(0, '127.0.0.1');
    void followStream(`${await notifications.app.getUrl()}/api/v1/alerts/stream`, `Bearer ${await notifications.token(tenant)}`, stream, streamAbort.signal);
    producer = createKafka({ brokers: testKafkaBrokers(), clientId: uniqueName('e2e-connectors-producer') }).producer();
    await producer.connect();
    admin = `Bearer ${await connectors.token(tenant, ['admin'])}`;
    // The simulator listens on loopback, which the SSRF guard refuses unless the tenant allow-lists it.
    await connectors.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1'] }).expect(200);
  });

  afterAll(async () => {
    streamAbort.abort();
    await producer?.disconnect();
    await notifications?.app.close();
    await connectors?.close();
    await Promise.all([maximo?.close(), webhooks?.close(), smtp?.close()]);
  });

  const webhookEvents = (): Array<{ id: string; event: WebhookEvent }> =>
    webhooks.received.map((webhook) => ({ id: webhook.headers['webhook-id'], event: new Webhook(secret).verify(webhook.body, webhook.headers) as WebhookEvent }));
  const inbox = async (): Promise<AlertSeen[]> => {
    const response = await fetch(`${await notifications.app.getUrl()}/api/v1/alerts?subjectId=${connectionId}`, { headers: { authorization: `Bearer ${await notifications.token(tenant)}` } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: AlertSeen[] }).items;
  };
  const eventIdsOf = async (type: string): Promise<string[]> =>
    (await readTopic(topics.connectors, { idleMs: 1_000 }))
      .filter(({ message }) => message.key?.toString() === connectionId && message.headers?.['ce_type']?.toString() === type)
      .map(({ message }) => String(message.headers?.['ce_id']));

  it('revoking the credential gives one critical alert: signed webhook and e-mail once each, the inbox and the live stream', async () => {
    const credential = await maximo.admin.credential('apikey');
    const created = await connectors
      .http()
      .post('/api/v1/connections')
      .set('Authorization', admin)
      .send({ system: 'maximo', authKind: 'api_key', displayName: 'Plant Maximo', baseUrl: maximo.url, credentials: { apiKey: credential.secrets.apikey } })
      .expect(201);
    connectionId = created.body.connection.id;

    await maximo.admin.revoke('apikey');
    const probe = await connectors.http().post(`/api/v1/connections/${connectionId}/test`).set('Authorization', admin).expect(200);
    expect(probe.body).toMatchObject({ classification: 'auth_invalid', status: 'reauth_required' });

    await expectEventually(
      () => {
        expect(webhooks.received).toHaveLength(1);
        expect(smtp.mails).toHaveLength(1);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const [reauthRequiredId] = await eventIdsOf(ConnectionReauthRequiredSchema.typeName);
    const [{ event }] = webhookEvents();
    expect(event).toMatchObject({ type: 'alert.opened', data: { alert_type: 'connection.reauth_required', severity: 'critical', status: 'open', occurrence_count: 1 } });
    expect(event.data.event_ids).toContain(reauthRequiredId);
    expect(smtp.mails[0].subject).toBe('[Critical] Plant Maximo needs new credentials');
    expect(smtp.mails[0].text).toContain('Plant Maximo');
    const [alert, ...others] = await inbox();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ id: event.data.alert_id, type: 'connection.reauth_required', severity: 'critical', status: 'open', eventIds: [reauthRequiredId] });
    await expectEventually(() => expect(stream.filter((seen) => seen.id === alert!.id)[0]).toMatchObject({ status: 'open', severity: 'critical' }), { timeoutMs: 10_000 });
  });

  it(`${FURTHER_FAILURES} further failures raise the count and send nothing; reconnecting resolves the alert and announces it`, async () => {
    // The connectors service sends nothing upstream once reauthorization is needed, so it meets no
    // further refusal itself: the failures arrive as it publishes them (a replica's late outcome),
    // on the connection's key, in front of the restore that follows.
    for (let failure = 0; failure < FURTHER_FAILURES; failure += 1) await producer.send({ topic: topics.connectors, messages: [authFailed(tenant, connectionId)] });

    const marker = {
      // Behind the failures on their partition: the reconnection's ConnectionRestored.
      send: async () => {
        const rotated = await maximo.admin.rotate('apikey');
        const session = await connectors.http().post(`/api/v1/connections/${connectionId}/reauthorize`).set('Authorization', admin).expect(201);
        await connectors.http().post('/api/v1/connect').send({ session: session.body.token, credentials: { apiKey: rotated.secrets.apikey } }).expect(200);
      },
      arrived: () => expect(webhookEvents().map(({ event }) => event.type)).toContain('alert.resolved'),
    };
    const seen = await countAfterMarker(marker, () => ({ webhooks: webhookEvents(), mails: smtp.mails.map((mail) => mail.subject) }), { timeoutMs: 60_000 });

    expect(seen.webhooks.map(({ event }) => event.type)).toEqual(['alert.opened', 'alert.resolved']);
    expect(new Set(seen.webhooks.map(({ id }) => id)).size).toBe(2);
    const resolved = seen.webhooks[1]!.event;
    const [restoredId] = await eventIdsOf(ConnectionRestoredSchema.typeName);
    expect(resolved.data).toMatchObject({ alert_id: seen.webhooks[0]!.event.data.alert_id, status: 'resolved', occurrence_count: 1 + FURTHER_FAILURES });
    expect(resolved.data.event_ids.at(-1)).toBe(restoredId);
    await expectEventually(() => expect(smtp.mails.map((mail) => mail.subject)).toEqual(['[Critical] Plant Maximo needs new credentials', '[Resolved] Plant Maximo needs new credentials']), {
      timeoutMs: 15_000,
    });
    const [alert, ...others] = await inbox();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ status: 'resolved', occurrenceCount: 1 + FURTHER_FAILURES });
    await expectEventually(() => expect(stream.filter((change) => change.id === alert!.id).at(-1)).toMatchObject({ status: 'resolved' }), { timeoutMs: 10_000 });
    expect(new Set(stream.filter((change) => change.type === 'connection.reauth_required').map((change) => change.id))).toEqual(new Set([alert!.id]));
  });
});
