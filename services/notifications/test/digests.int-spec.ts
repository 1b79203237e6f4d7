import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expectEventually } from '@mate/testing';
import request from 'supertest';
import { RecordAlertOccurrence, ResolveOnRecovery, type RecordAlertOccurrenceCommand } from '../src/alerts';
import { startNotificationsTestApp, type NotificationsTestApp } from './notifications-test-app';
import { startSmtpReceiver, type SmtpReceiver } from './loopback-receivers';

const WINDOW_SECONDS = 5;

/**
 * Digests on two replicas sharing one database and job queue, received by a real SMTP server: the
 * low-severity alerts of one window reach a recipient list as one message listing them all, an
 * alert resolved before the digest went out is listed as resolved, and neither replica sends the
 * window twice; a tenant's own digest template (`/api/v1/notification-templates/digest/email`) is
 * what the next digest is rendered with.
 */
describe('digests (two replicas, PostgreSQL, job queue, SMTP server)', () => {
  const tenant = randomUUID();
  let smtp: SmtpReceiver;
  let replicas: NotificationsTestApp[] = [];

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    const env = {
      ...smtp.env,
      DELIVERY_SWEEP_INTERVAL_MS: '1000',
      DIGEST_WINDOW_SECONDS: String(WINDOW_SECONDS),
    };
    const first = await startNotificationsTestApp('mate_notifications_digests_test', env);
    replicas = [first, await startNotificationsTestApp('mate_notifications_digests_test', env, { replica: true })];
    await first.inTenant(tenant, async (manager) => {
      const list = randomUUID();
      const now = new Date();
      await manager.query(`insert into recipient_lists (id, tenant_id, name, emails, version, created_at, updated_at) values ($1, $2, 'digest', $3, 1, $4, $4)`, [
        list,
        tenant,
        ['digest@example.test'],
        now,
      ]);
      await manager.query(
        `insert into alert_rules (id, tenant_id, name, alert_types, min_severity, targets, digest, enabled, version, created_at, updated_at)
         values ($1, $2, 'daily reading', '{}', 'info', $3, true, true, 1, $4, $4)`,
        [randomUUID(), tenant, JSON.stringify([{ channel: 'email', targetId: list }]), now],
      );
    });
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.app.close();
    await smtp?.close();
  });

  const occurrence = (overrides: Partial<RecordAlertOccurrenceCommand>): RecordAlertOccurrenceCommand => ({
    tenantId: tenant,
    type: 'work_order.assigned',
    severity: 'info',
    subject: { kind: 'work_order', id: randomUUID() },
    eventId: randomUUID(),
    occurredAt: new Date(),
    title: 'Work order assigned',
    summary: 'A work order was assigned to you.',
    subjectName: null,
    ...overrides,
  });

  const record = (replica: NotificationsTestApp, command: RecordAlertOccurrenceCommand) =>
    replica.inTenant(tenant, (manager) => replica.app.get(RecordAlertOccurrence).execute(manager, command));

  it('one message per window lists its alerts, a resolved one as resolved; the next window is the next message', async () => {
    // The alerts below must fall into one window: start them early in a window, not seconds before its end.
    const intoWindow = Date.now() % (WINDOW_SECONDS * 1000);
    if (intoWindow > 1_500) await sleep(WINDOW_SECONDS * 1000 - intoWindow + 50);
    const [a, b] = replicas;
    const connection = randomUUID();
    await record(a, occurrence({ title: 'Pump P-101 assigned' }));
    await record(b, occurrence({ title: 'Valve V-7 assigned' }));
    await record(a, occurrence({ title: 'Filter F-3 assigned' }));
    await record(b, occurrence({ type: 'connection.degraded', severity: 'warning', subject: { kind: 'connection', id: connection }, title: 'SAP PM is slow' }));
    await a.inTenant(tenant, (manager) =>
      a.app.get(ResolveOnRecovery).execute(manager, { tenantId: tenant, type: 'connection.restored', subject: { kind: 'connection', id: connection }, eventId: randomUUID(), occurredAt: new Date() }),
    );

    await expectEventually(() => expect(smtp.mails).toHaveLength(1), { timeoutMs: 30_000, intervalMs: 200 });
    // The marker: an alert of the next window, whose digest comes after any second copy of the first could have.
    await record(b, occurrence({ title: 'Compressor C-2 assigned' }));
    await expectEventually(() => expect(smtp.mails.map((mail) => mail.text ?? '').some((text) => text.includes('Compressor C-2'))).toBe(true), {
      timeoutMs: 30_000,
      intervalMs: 200,
    });

    expect(smtp.mails).toHaveLength(2);
    const [digest, next] = smtp.mails;
    expect(digest.subject).toMatch(/^\[Digest\] 4 alerts until /);
    expect(digest.to).toMatchObject({ text: 'digest@example.test' });
    const lines = (digest.text ?? '').trim().split('\n');
    expect(lines).toEqual([
      expect.stringContaining('[Info, open] Pump P-101 assigned'),
      expect.stringContaining('[Info, open] Valve V-7 assigned'),
      expect.stringContaining('[Info, open] Filter F-3 assigned'),
      expect.stringContaining('[Warning, resolved] SAP PM is slow'),
    ]);
    expect(digest.html).toContain('Pump P-101 assigned');
    expect(next.subject).toMatch(/^\[Digest\] 1 alert until /);
    const digests = await a.inTenant(tenant, (manager) =>
      manager.query(
        `select d.attempts, d.status, (select count(*)::int from digest_entries e where e.delivery_id = d.id) as alerts
         from deliveries d where d.digest_at is not null order by d.digest_at`,
      ),
    );
    expect(digests).toEqual([
      { attempts: 1, status: 'delivered', alerts: 4 },
      { attempts: 1, status: 'delivered', alerts: 1 },
    ]);
  });

  it('renders the next digest with the tenant’s own digest template, saved through the API', async () => {
    const [a, b] = replicas;
    const http = () => request(a.app.getHttpServer());
    const admin = await a.token(tenant, ['admin']);
    const own = {
      subject: 'Overnight: {{ digest.alert_count }} for {{ alerts[0].title }}',
      text: '{% for alert in alerts %}* {{ alert.title }} / {{ alert.status }}\n{% endfor %}',
      mjml: '<mjml><mj-body><mj-section><mj-column>{% for alert in alerts %}<mj-text>{{ alert.title }}</mj-text>{% endfor %}</mj-column></mj-section></mj-body></mjml>',
    };
    const preview = await http().post('/api/v1/notification-templates/digest/email/preview').set('Authorization', `Bearer ${admin}`).send({ template: own }).expect(200);
    expect(preview.body.subject).toBe('Overnight: 2 for Sample part.below_reorder_point alert');
    await http().put('/api/v1/notification-templates/digest/email').set('Authorization', `Bearer ${admin}`).set('If-Match', '"0"').send(own).expect(200);
    const before = smtp.mails.length;

    await record(b, occurrence({ title: 'Boiler B-9 assigned' }));

    await expectEventually(() => expect(smtp.mails.length).toBeGreaterThan(before), { timeoutMs: 30_000, intervalMs: 200 });
    const digest = smtp.mails[before];
    expect(digest.subject).toBe('Overnight: 1 for Boiler B-9 assigned');
    expect(digest.text?.trim()).toBe('* Boiler B-9 assigned / open');
    expect(digest.html).toContain('Boiler B-9 assigned');
  });
});
