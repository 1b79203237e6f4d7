import { randomUUID } from 'node:crypto';
import { expectEventually } from '@mate/testing';
import { Webhook } from 'standardwebhooks';
import { ChangeAlertStatus, RecordAlertOccurrence, type RecordAlertOccurrenceCommand } from '../src/alerts';
import { generateWebhookSecret } from '../src/channels';
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from './loopback-receivers';
import { seedRouting, startNotificationsTestApp, type NotificationsTestApp } from './notifications-test-app';

/**
 * Deliveries on the job queue to a webhook receiver and an SMTP server on loopback: the event
 * handler's transaction only writes rows; the sweep and the delivery jobs send.
 */
describe('deliveries (PostgreSQL, job queue, loopback receivers)', () => {
  const tenant = randomUUID();
  const secret = generateWebhookSecret();
  let receiver: WebhookReceiver;
  let smtp: SmtpReceiver;
  let test: NotificationsTestApp;

  beforeAll(async () => {
    [receiver, smtp] = await Promise.all([startWebhookReceiver(), startSmtpReceiver()]);
    test = await startNotificationsTestApp('mate_notifications_deliveries_test', {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      OUTBOUND_ALLOW_LIST: '127.0.0.1',
      DELIVERY_SWEEP_INTERVAL_MS: '1000',
      DELIVERY_RETRY_FIRST_DELAY_MS: '1000',
    });
    await test.inTenant(tenant, (manager) => seedRouting(manager, tenant, { webhookUrl: receiver.url, secrets: [secret], emails: ['oncall@example.test'] }));
  });

  afterAll(async () => {
    await test?.app.close();
    await Promise.all([receiver?.close(), smtp?.close()]);
  });

  const occurrence = (connectionId: string): RecordAlertOccurrenceCommand => ({
    tenantId: tenant,
    type: 'connection.reauth_required',
    severity: 'critical',
    subject: { kind: 'connection', id: connectionId },
    eventId: randomUUID(),
    occurredAt: new Date(),
    title: 'Maximo production needs new credentials',
    summary: 'The system refused the credentials.',
    subjectName: 'Maximo production',
  });

  it('a critical alert is delivered once by webhook (signed, with its event id) and once by e-mail', async () => {
    const record = test.app.get(RecordAlertOccurrence);
    const command = occurrence(randomUUID());
    const alert = await test.inTenant(tenant, (manager) => record.execute(manager, command));

    await expectEventually(
      async () => {
        expect(receiver.received).toHaveLength(1);
        expect(smtp.mails).toHaveLength(1);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const payload = new Webhook(secret).verify(receiver.received[0].body, receiver.received[0].headers) as { type: string; data: { alert_id: string; event_ids: string[] } };
    expect(payload).toMatchObject({ type: 'alert.opened', data: { alert_id: alert.id, event_ids: [command.eventId] } });
    expect(smtp.mails[0].subject).toBe('[Critical] Maximo production needs new credentials');
    expect(smtp.mails[0].to).toMatchObject({ text: 'oncall@example.test' });
    // The receiver answers before the sender commits its attempt record.
    await expectEventually(async () => {
      const log = await test.inTenant(tenant, (manager) => manager.query(`select a.outcome, a.response_status from delivery_attempts a order by a.id`));
      expect(log).toEqual(expect.arrayContaining([{ outcome: 'delivered', response_status: 200 }]));
    }, { timeoutMs: 10_000, intervalMs: 100 });
  });

  it('the alert, its deliveries and their schedule commit with the caller\'s transaction, or none of them does', async () => {
    const connectionId = randomUUID();
    const rolledBack = test.inTenant(tenant, async (manager) => {
      await test.app.get(RecordAlertOccurrence).execute(manager, occurrence(connectionId));
      throw new Error('the event handler failed after recording');
    });
    await expect(rolledBack).rejects.toThrow('the event handler failed after recording');
    const left = await test.inTenant(tenant, (manager) =>
      manager.query(
        `select (select count(*)::int from alerts where subject_id = $1) as alerts,
                (select count(*)::int from deliveries d join alerts a on a.id = d.alert_id where a.subject_id = $1) as deliveries,
                (select count(*)::int from delivery_schedule) as scheduled`,
        [connectionId],
      ),
    );
    expect(left).toEqual([{ alerts: 0, deliveries: 0, scheduled: 0 }]);
  });

  it('a receiver answering 500 is retried with backoff, with the same webhook-id, until it recovers', async () => {
    receiver.received.length = 0;
    receiver.answerNext([500, 500]);
    await test.inTenant(tenant, (manager) => test.app.get(RecordAlertOccurrence).execute(manager, occurrence(randomUUID())));

    await expectEventually(async () => expect(receiver.received).toHaveLength(3), { timeoutMs: 60_000, intervalMs: 250 });
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const gaps = [receiver.received[1].at - receiver.received[0].at, receiver.received[2].at - receiver.received[1].at];
    expect(gaps[0]).toBeGreaterThanOrEqual(500); // first retry: 1 s (configured) with half of it jittered
    expect(gaps[1]).toBeGreaterThanOrEqual(1_000); // then 2 s, half jittered
    // The receiver sees the third request before the sender commits its attempt: wait for the record.
    await expectEventually(async () => {
      const statusesSeen = await test.inTenant(tenant, (manager) =>
        manager.query(`select a.response_status from delivery_attempts a join deliveries d on d.id = a.delivery_id where d.channel = 'webhook' order by a.id desc limit 3`),
      );
      expect(statusesSeen.map((row: { response_status: number }) => row.response_status)).toEqual([200, 500, 500]);
    }, { timeoutMs: 10_000, intervalMs: 100 });
  });

  it('an unacknowledged critical alert escalates to the next list every N minutes, at most M times; an acknowledged one does not', async () => {
    const escalating = randomUUID();
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    await test.inTenant(escalating, async (manager) => {
      const now = new Date();
      for (const [id, email] of [[first, 'first@example.test'], [second, 'second@example.test'], [third, 'third@example.test']]) {
        await manager.query(`insert into recipient_lists (id, tenant_id, name, emails, version, created_at, updated_at) values ($1, $2, $3, $4, 1, $5, $5)`, [id, escalating, email, [email], now]);
      }
      await manager.query(
        `insert into alert_rules (id, tenant_id, name, alert_types, min_severity, targets, digest, escalation, enabled, version, created_at, updated_at)
         values ($1, $2, 'escalating', '{}', 'critical', $3, false, $4, true, 1, $5, $5)`,
        [randomUUID(), escalating, JSON.stringify([{ channel: 'email', targetId: first }]), JSON.stringify({ afterMinutes: 0.05, maxEscalations: 2, levels: [second, third] }), now],
      );
    });
    const record = test.app.get(RecordAlertOccurrence);
    const acknowledgedFirst = await test.inTenant(escalating, (manager) => record.execute(manager, { ...occurrence(randomUUID()), tenantId: escalating, title: 'acknowledged in time' }));
    await test.app.get(ChangeAlertStatus).execute({ tenantId: escalating, subject: 'planner-1', roles: ['planner'] }, acknowledgedFirst.id, 'acknowledge');
    const ignored = await test.inTenant(escalating, (manager) => record.execute(manager, { ...occurrence(randomUUID()), tenantId: escalating, title: 'nobody answers' }));

    const mailsTo = (address: string, title: string) => smtp.mails.filter((mail) => JSON.stringify(mail.to).includes(address) && mail.subject?.includes(title));
    await expectEventually(() => expect(mailsTo('third@example.test', 'nobody answers')).toHaveLength(1), { timeoutMs: 40_000, intervalMs: 250 });
    expect(mailsTo('first@example.test', 'nobody answers')).toHaveLength(1);
    expect(mailsTo('second@example.test', 'nobody answers')).toHaveLength(1);
    // The third-level mail of the ignored alert came after any escalation of the acknowledged one could have: none did.
    expect(smtp.mails.filter((mail) => mail.subject?.includes('acknowledged in time')).map((mail) => JSON.stringify(mail.to))).toEqual([expect.stringContaining('first@example.test')]);
    const state = await test.inTenant(escalating, (manager) =>
      manager.query(`select escalation_level, (select count(*)::int from escalation_schedule s where s.alert_id = a.id) as timers from alerts a where id = $1`, [ignored.id]),
    );
    expect(state).toEqual([{ escalation_level: 2, timers: 0 }]);
  });
});
