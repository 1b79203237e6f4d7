import { randomUUID } from 'node:crypto';
import { topicFor } from '@mate/contracts';
import { expectEventually, readTopic } from '@mate/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { EntityManager } from 'typeorm';
import { RecordAlertOccurrence, ResolveOnRecovery, type RecordAlertOccurrenceCommand } from '../src/alerts';
import { generateWebhookSecret } from '../src/channels';
import { readAlertStream } from './alert-stream-reader';
import { seedRouting, startNotificationsTestApp, type NotificationsTestApp } from './notifications-test-app';

const DATABASE = 'mate_notifications_test';

/**
 * The alert rules on the real PostgreSQL and Kafka, through the use cases the connectors' event
 * handler calls (in a tenant transaction as the inbox gives it), the inbox API and the live stream.
 */
describe('alerts (PostgreSQL, Kafka)', () => {
  const tenant = randomUUID();
  const connectionId = randomUUID();
  let app: INestApplication;
  let test: NotificationsTestApp;

  beforeAll(async () => {
    test = await startNotificationsTestApp(DATABASE);
    app = test.app;
    await test.inTenant(tenant, (manager) => seedRouting(manager, tenant, { webhookUrl: 'http://127.0.0.1:9/hooks', secrets: [generateWebhookSecret()], emails: ['oncall@example.test'] }));
  });

  afterAll(async () => {
    await app?.close();
  });

  const http = () => request(app.getHttpServer());
  const reauth = (eventId: string, at: Date): RecordAlertOccurrenceCommand => ({
    tenantId: tenant,
    type: 'connection.reauth_required',
    severity: 'critical',
    subject: { kind: 'connection', id: connectionId },
    eventId,
    occurredAt: at,
    title: 'Maximo production needs new credentials',
    summary: 'The system refused the credentials.',
    subjectName: 'Maximo production',
  });
  const inTenant = <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => test.inTenant(tenant, work);
  const token = (tenantId: string): Promise<string> => test.token(tenantId);
  const deliveries = () => inTenant((manager) => manager.query(`select channel, notification from deliveries order by channel, notification`));

  it('one critical alert with one delivery per target; twenty further failures raise the count and schedule nothing', async () => {
    const record = app.get(RecordAlertOccurrence);
    const first = await inTenant((manager) => record.execute(manager, reauth(randomUUID(), new Date('2026-12-04T08:00:00Z'))));
    for (let i = 1; i <= 20; i += 1) {
      await inTenant((manager) => record.execute(manager, reauth(randomUUID(), new Date(Date.UTC(2026, 11, 4, 8, i)))));
    }

    expect(await deliveries()).toEqual([
      { channel: 'email', notification: 'alert.opened' },
      { channel: 'webhook', notification: 'alert.opened' },
    ]);
    const page = await http().get('/api/v1/alerts').set('Authorization', `Bearer ${await token(tenant)}`).expect(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]).toMatchObject({ id: first.id, status: 'open', severity: 'critical', occurrenceCount: 21, lastSeenAt: '2026-12-04T08:20:00.000Z' });

    await expectEventually(
      async () => {
        const messages = await readTopic(topicFor('notifications'), { idleMs: 1_000 });
        const types = messages
          .filter(({ message }) => message.key?.toString() === first.id)
          .map(({ message }) => message.headers?.['ce_type']?.toString())
          .filter((type) => type?.startsWith('mate.notifications.v1.Alert')); // not the deliveries' outcomes
        expect(types).toEqual(['mate.notifications.v1.AlertOpened', ...Array(20).fill('mate.notifications.v1.AlertUpdated')]);
      },
      { timeoutMs: 30_000 },
    );
  });

  it('the restore resolves the alert and schedules its announcement to the same targets', async () => {
    const resolved = await inTenant((manager) =>
      app.get(ResolveOnRecovery).execute(manager, { tenantId: tenant, type: 'connection.restored', subject: { kind: 'connection', id: connectionId }, eventId: randomUUID(), occurredAt: new Date() }),
    );
    expect(resolved.map((alert) => alert.status)).toEqual(['resolved']);
    expect(await deliveries()).toEqual([
      { channel: 'email', notification: 'alert.opened' },
      { channel: 'email', notification: 'alert.resolved' },
      { channel: 'webhook', notification: 'alert.opened' },
      { channel: 'webhook', notification: 'alert.resolved' },
    ]);
    const resolvedPage = await http().get('/api/v1/alerts?status=resolved').set('Authorization', `Bearer ${await token(tenant)}`).expect(200);
    expect(resolvedPage.body.items.map((alert: { resolvedBy: string }) => alert.resolvedBy)).toEqual(['connection.restored']);
  });

  it('the next failure after a resolution opens a new alert', async () => {
    const opened = await inTenant((manager) => app.get(RecordAlertOccurrence).execute(manager, reauth(randomUUID(), new Date())));
    const page = await http().get('/api/v1/alerts?status=open').set('Authorization', `Bearer ${await token(tenant)}`).expect(200);
    expect(page.body.items.map((alert: { id: string }) => alert.id)).toEqual([opened.id]);
  });

  it('acknowledges from the inbox; another tenant gets 404 and changes nothing', async () => {
    const [open] = (await http().get('/api/v1/alerts?status=open').set('Authorization', `Bearer ${await token(tenant)}`).expect(200)).body.items;
    await http().post(`/api/v1/alerts/${open.id}/acknowledge`).set('Authorization', `Bearer ${await token(randomUUID())}`).expect(404);
    const acknowledged = await http().post(`/api/v1/alerts/${open.id}/acknowledge`).set('Authorization', `Bearer ${await token(tenant)}`).expect(200);
    expect(acknowledged.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'planner-1', version: open.version + 1 });
  });

  it('bad filters and cursors answer problem+json naming the field', async () => {
    const authorization = `Bearer ${await token(tenant)}`;
    const badStatus = await http().get('/api/v1/alerts?status=closed').set('Authorization', authorization).expect(400);
    expect(badStatus.headers['content-type']).toContain('application/problem+json');
    expect(badStatus.body.errors.map((error: { field: string }) => error.field)).toEqual(['status']);
    const badType = await http().get('/api/v1/alerts?type=no.such.type').set('Authorization', authorization).expect(400);
    expect(badType.body.errors.map((error: { field: string }) => error.field)).toEqual(['type']);
    const badCursor = await http().get('/api/v1/alerts?cursor=garbage').set('Authorization', authorization).expect(400);
    expect(badCursor.body.errors.map((error: { field: string }) => error.field)).toEqual(['cursor']);
  });

  it('the live stream sends every change in order and resumes after Last-Event-ID', async () => {
    await app.listen(0, '127.0.0.1');
    const url = `${await app.getUrl()}/api/v1/alerts/stream`;
    const authorization = `Bearer ${await token(tenant)}`;
    const read = async (headers: Record<string, string>, events: number): Promise<Array<{ id: string; status: string }>> =>
      (await readAlertStream(url, { authorization, ...headers }, events)).map(({ id, alert }) => ({ id, status: alert.status }));

    // Two alerts so far, each at its latest change: the resolved one, then the acknowledged one.
    const all = await read({}, 2);
    expect(all.map((event) => event.status)).toEqual(['resolved', 'acknowledged']);
    expect(BigInt(all[0].id) < BigInt(all[1].id)).toBe(true);

    const resumed = await read({ 'last-event-id': all[0].id }, 1);
    expect(resumed).toEqual([all[1]]);
  });

  it('numbers a change for the stream as it commits: one begun first but committed later comes after, so a reader that resumed is not past it', async () => {
    const record = app.get(RecordAlertOccurrence);
    const opening = () => ({ ...reauth(randomUUID(), new Date()), subject: { kind: 'connection' as const, id: randomUUID() } });
    const positionOf = async (alertId: string) => BigInt((await inTenant((manager) => manager.query(`select feed_seq::text as seq from alerts where id = $1`, [alertId])))[0].seq);
    let commitFirst = (): void => undefined;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstChanged = (_id: string): void => undefined;
    const firstId = new Promise<string>((resolve) => (firstChanged = resolve));
    const first = inTenant(async (manager) => {
      firstChanged((await record.execute(manager, opening())).id);
      await firstMayCommit;
    });
    // The second change begins after the first and commits while the first is still open: it takes no lock until it commits.
    const firstAlert = await firstId;
    const second = await inTenant((manager) => record.execute(manager, opening()));
    const secondPosition = await positionOf(second.id);
    commitFirst();
    await first;
    expect(await positionOf(firstAlert)).toBeGreaterThan(secondPosition);
  });
});
