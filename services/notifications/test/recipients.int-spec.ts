import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AssetCreatedSchema, LocationCreatedSchema, LocationMovedSchema, topicFor } from '@mate/contracts';
import { countAfterMarker, expectEventually, uniqueName } from '@mate/testing';
import request from 'supertest';
import { readAlertStream } from './alert-stream-reader';
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from './loopback-receivers';
import { recordAlert, startNotificationsTestApp, type NotificationsTestApp } from './notifications-test-app';
import { SourceEventPublisher } from './source-event-publisher';

/**
 * People as recipients (contacts, roles, each user's preferences), the location-subtree filter over
 * the tree learnt from mate.assets.v1, the tenant's outbound allow-list and sealed chat URLs.
 * Real PostgreSQL, Kafka (a per-run copy of the assets topic), a loopback SMTP server and webhook
 * receiver; no deployment-wide allow-list, so loopback is reachable only where a tenant allows it.
 */
describe('recipients, preferences, location filter, allow-list (PostgreSQL, Kafka, SMTP)', () => {
  const tenant = randomUUID();
  const otherTenant = randomUUID();
  const assetsTopic = uniqueName('mate.assets.test');
  let smtp: SmtpReceiver;
  let receiver: WebhookReceiver;
  let test: NotificationsTestApp;
  let publisher: SourceEventPublisher;

  beforeAll(async () => {
    [smtp, receiver] = await Promise.all([startSmtpReceiver(), startWebhookReceiver()]);
    test = await startNotificationsTestApp('mate_notifications_recipients_test', { ...smtp.env, DELIVERY_SWEEP_INTERVAL_MS: '500' }, { topics: { [topicFor('assets')]: assetsTopic } });
    publisher = await SourceEventPublisher.connect();
  });

  afterAll(async () => {
    await publisher?.close();
    await test?.app.close();
    await Promise.all([smtp?.close(), receiver?.close()]);
  });

  const http = () => request(test.app.getHttpServer());
  const bearer = async (roles: Parameters<NotificationsTestApp['token']>[1] = ['admin'], tenantId = tenant) => `Bearer ${await test.token(tenantId, roles)}`;
  const mailsTo = (address: string) => smtp.mails.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text === address);
  const rule = async (body: Record<string, unknown>) =>
    (await http().post('/api/v1/alert-rules').set('Authorization', await bearer()).send({ name: uniqueName('rule'), minSeverity: 'info', ...body }).expect(201)).body as { id: string };

  it('manages contacts: admins write, bad input names the field, another tenant gets 404, technicians 403', async () => {
    const created = await http().post('/api/v1/notification-contacts').set('Authorization', await bearer()).send({ userId: 'tech-9', email: 'tech9@example.test', roles: ['technician'] }).expect(201);
    expect(created.body).toMatchObject({ userId: 'tech-9', email: 'tech9@example.test', roles: ['technician'], homeLocationId: null, version: 1 });
    for (const [body, field] of [
      [{ userId: 'x', email: 'not an address' }, 'email'],
      [{ userId: 'x', roles: ['overlord'] }, 'roles'],
      [{ userId: 'x', homeLocationId: 'somewhere' }, 'homeLocationId'],
      [{ userId: 'x', chatEndpointId: randomUUID() }, 'chatEndpointId'],
    ] as const) {
      const refused = await http().post('/api/v1/notification-contacts').set('Authorization', await bearer()).send(body).expect(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    await http().post('/api/v1/notification-contacts').set('Authorization', await bearer()).send({ userId: 'tech-9' }).expect(409);
    await http().post('/api/v1/notification-contacts').set('Authorization', await bearer(['technician'])).send({ userId: 'tech-10' }).expect(403);
    await http().get(`/api/v1/notification-contacts/${created.body.id}`).set('Authorization', await bearer(['admin'], otherTenant)).expect(404);
    await http().patch(`/api/v1/notification-contacts/${created.body.id}`).set('Authorization', await bearer(['admin'], otherTenant)).send({ email: 'x@example.test' }).expect(404);
    const read = await http().get(`/api/v1/notification-contacts/${created.body.id}`).set('Authorization', await bearer(['planner'])).expect(200);
    expect(read.body.email).toBe('tech9@example.test');
  });

  it("a user keeps their own preferences at /me: defaults first, bad channels named, If-Match", async () => {
    const token = `Bearer ${await test.userToken(tenant, 'tech-me')}`;
    const defaults = await http().get('/api/v1/notification-preferences/me').set('Authorization', token).expect(200);
    expect(defaults.body).toMatchObject({ userId: 'tech-me', version: 0, channels: [], digestOptOut: false, roles: ['technician'] });
    const refused = await http().put('/api/v1/notification-preferences/me').set('Authorization', token).send({ channels: [{ channels: ['pager'] }] }).expect(400);
    expect(refused.body.errors[0].field).toBe('channels.0.channels');
    const badQuiet = await http().put('/api/v1/notification-preferences/me').set('Authorization', token).send({ quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } }).expect(400);
    expect(badQuiet.body.errors[0].field).toBe('quietHours.timeZone');
    const saved = await http().put('/api/v1/notification-preferences/me').set('Authorization', token).send({ email: 'me@example.test', digestOptOut: true }).expect(200);
    expect(saved.body).toMatchObject({ email: 'me@example.test', digestOptOut: true, version: 1 });
    await http().put('/api/v1/notification-preferences/me').set('Authorization', token).set('If-Match', '"0"').send({ email: 'stale@example.test' }).expect(412);
  });

  it('users and roles receive e-mail on the channels they chose; an opted-out channel gets nothing (marker behind)', async () => {
    const tech = `Bearer ${await test.userToken(tenant, 'tech-a')}`;
    await http().put('/api/v1/notification-preferences/me').set('Authorization', tech).send({ email: 'tech-a@example.test' }).expect(200);
    const planner = `Bearer ${await test.token(tenant, ['planner'])}`; // subject planner-1, role planner
    await http()
      .put('/api/v1/notification-preferences/me')
      .set('Authorization', planner)
      .send({ email: 'planner@example.test', channels: [{ alertTypes: ['connection.degraded'], channels: ['in_app'] }] })
      .expect(200);
    await rule({ alertTypes: ['connection.degraded', 'connection.reauth_required'], recipients: [{ userId: 'tech-a' }, { role: 'planner' }] });

    await recordAlert(test, tenant, { title: 'degraded for people' });
    const plannerMails = await countAfterMarker(
      {
        // The marker: a type the planner did not opt out of, recorded after the one they did.
        send: () => recordAlert(test, tenant, { type: 'connection.reauth_required', severity: 'critical', title: 'marker for the planner' }).then(() => undefined),
        arrived: () => expect(mailsTo('planner@example.test').map((mail) => mail.subject)).toContain('[Critical] marker for the planner'),
      },
      () => mailsTo('planner@example.test').filter((mail) => mail.subject?.includes('degraded for people')).length,
      { timeoutMs: 30_000 },
    );
    expect(plannerMails).toBe(0);
    await expectEventually(async () => expect(mailsTo('tech-a@example.test').map((mail) => mail.subject).join('|')).toContain('degraded for people'), { timeoutMs: 30_000 });
  });

  it('the inbox and its stream leave out the kinds a reader sends to other channels only; others still see them', async () => {
    const reader = `Bearer ${await test.userToken(tenant, 'inbox-reader')}`;
    await http()
      .put('/api/v1/notification-preferences/me')
      .set('Authorization', reader)
      .send({ email: 'reader@example.test', channels: [{ alertTypes: ['connection.degraded'], minSeverity: 'info', channels: ['email'] }] })
      .expect(200);
    const hidden = await recordAlert(test, tenant, { title: 'degraded, e-mail only for the reader' });
    const shown = await recordAlert(test, tenant, { type: 'connection.reauth_required', severity: 'critical', title: 'reauth, in the app' });
    const titles = async (token: string) => ((await http().get('/api/v1/alerts?limit=100').set('Authorization', token).expect(200)).body.items as Array<{ title: string }>).map((item) => item.title);

    expect(await titles(reader)).toContain('reauth, in the app');
    expect(await titles(reader)).not.toContain('degraded, e-mail only for the reader');
    expect(await titles(await bearer(['planner']))).toEqual(expect.arrayContaining(['reauth, in the app', 'degraded, e-mail only for the reader']));

    // The stream from the start, in feed order: exactly what the reader may see (the hidden alert would take a place and push one out).
    await test.app.listen(0, '127.0.0.1');
    const visible: Array<{ id: string }> = await test.inTenant(tenant, (manager) =>
      manager.query(`select id from alerts where (recipient_user_id is null or recipient_user_id = 'inbox-reader') and type <> 'connection.degraded'`),
    );
    const streamed = await readAlertStream(`${await test.app.getUrl()}/api/v1/alerts/stream`, { authorization: reader }, visible.length);
    expect(streamed.map((event) => event.alert.id).sort()).toEqual(visible.map((row) => row.id).sort());
    expect(streamed.map((event) => event.alert.id)).toContain(shown.id);
    expect(streamed.map((event) => event.alert.id)).not.toContain(hidden.id);
  });

  it('a rule filtered to a location matches its subtree, as the assets events built it (a move included)', async () => {
    const [site, area, elsewhere, asset] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const list = (await http().post('/api/v1/recipient-lists').set('Authorization', await bearer()).send({ name: 'site', emails: ['site@example.test'] }).expect(201)).body.id as string;
    const at = (offsetMs: number) => timestampFromDate(new Date(Date.now() + offsetMs));
    await publisher.publish(assetsTopic, LocationCreatedSchema, { tenantId: tenant, subject: site, init: { locationId: site, name: 'Site', createdAt: at(0) } });
    await publisher.publish(assetsTopic, LocationCreatedSchema, { tenantId: tenant, subject: elsewhere, init: { locationId: elsewhere, name: 'Other site', createdAt: at(0) } });
    await publisher.publish(assetsTopic, LocationCreatedSchema, { tenantId: tenant, subject: area, init: { locationId: area, parentLocationId: site, ancestorIds: [site], name: 'Area', createdAt: at(0) } });
    await publisher.publish(assetsTopic, AssetCreatedSchema, { tenantId: tenant, subject: asset, init: { assetId: asset, locationId: area, locationPathIds: [site, area], createdAt: at(0) } });
    const known = () => test.inTenant(tenant, (manager) => manager.query(`select (select count(*)::int from known_locations) as locations, (select count(*)::int from known_asset_locations) as assets`));
    await expectEventually(async () => expect(await known()).toEqual([{ locations: 3, assets: 1 }]), { timeoutMs: 30_000 });
    await rule({ locationId: site, targets: [{ channel: 'email', targetId: list }] });

    await recordAlert(test, tenant, { title: 'asset below the site', place: { locationId: null, assetId: asset } });
    await recordAlert(test, tenant, { title: 'at the other site', place: { locationId: elsewhere, assetId: null } });
    await recordAlert(test, tenant, { title: 'nowhere known' });
    const strays = await countAfterMarker(
      {
        send: () => recordAlert(test, tenant, { title: 'marker at the site', place: { locationId: site, assetId: null } }).then(() => undefined),
        arrived: () => expect(mailsTo('site@example.test').map((mail) => mail.subject).join('|')).toContain('marker at the site'),
      },
      () => mailsTo('site@example.test').filter((mail) => /other site|nowhere known/.test(mail.subject ?? '')).length,
      { timeoutMs: 30_000 },
    );
    expect(strays).toBe(0);
    expect(mailsTo('site@example.test').map((mail) => mail.subject).join('|')).toContain('asset below the site');

    // The area (with its asset) moves to the other site: the asset's alerts leave the rule's subtree.
    await publisher.publish(assetsTopic, LocationMovedSchema, { tenantId: tenant, subject: area, init: { locationId: area, parentLocationId: elsewhere, previousParentLocationId: site, movedAt: at(1_000) } });
    await expectEventually(async () => expect(await test.inTenant(tenant, (m) => m.query(`select parent_id from known_locations where location_id = $1`, [area]))).toEqual([{ parent_id: elsewhere }]), { timeoutMs: 30_000 });
    await recordAlert(test, tenant, { title: 'asset after the move', place: { locationId: null, assetId: asset } });
    const afterMove = await countAfterMarker(
      {
        send: () => recordAlert(test, tenant, { title: 'second marker at the site', place: { locationId: site, assetId: null } }).then(() => undefined),
        arrived: () => expect(mailsTo('site@example.test').map((mail) => mail.subject).join('|')).toContain('second marker at the site'),
      },
      () => mailsTo('site@example.test').filter((mail) => mail.subject?.includes('asset after the move')).length,
      { timeoutMs: 30_000 },
    );
    expect(afterMove).toBe(0);
  });

  it("chat URLs are sealed and masked; loopback is reachable only while the tenant's admin allows it", async () => {
    const admin = await bearer();
    const refusedUrl = await http().post('/api/v1/webhook-endpoints').set('Authorization', admin).send({ kind: 'slack', url: receiver.url }).expect(400);
    expect(refusedUrl.body.errors[0].field).toBe('url');
    const badEntry = await http().put('/api/v1/outbound-allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1', 'http://hooks.example/x'] }).expect(400);
    expect(badEntry.headers['content-type']).toContain('application/problem+json');
    expect(badEntry.body.errors[0]).toMatchObject({ field: 'entries', message: 'http://hooks.example/x is a URL: give its host name only' });
    await http().put('/api/v1/outbound-allow-list').set('Authorization', await bearer(['planner'])).send({ entries: ['127.0.0.1'] }).expect(403);
    const allowed = await http().put('/api/v1/outbound-allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1'] }).expect(200);
    expect(allowed.body).toMatchObject({ entries: ['127.0.0.1'], version: 1 });
    expect((await http().get('/api/v1/outbound-allow-list').set('Authorization', await bearer(['admin'], otherTenant)).expect(200)).body.entries).toEqual([]);

    const created = await http().post('/api/v1/webhook-endpoints').set('Authorization', admin).send({ kind: 'slack', url: receiver.url }).expect(201);
    expect(created.body).toMatchObject({ url: null, maskedUrl: `http://${new URL(receiver.url).host}/…ooks` });
    expect(JSON.stringify(created.body)).not.toContain(receiver.url);
    const [stored] = await test.inTenant(tenant, (m) => m.query(`select url, sealed_url from webhook_endpoints where id = $1`, [created.body.id]));
    expect(stored.url).toBeNull();
    expect(Buffer.from(stored.sealed_url).toString('latin1')).not.toContain(new URL(receiver.url).host);

    const ping = await http().post(`/api/v1/webhook-endpoints/${created.body.id}/ping`).set('Authorization', admin).expect(200);
    expect(ping.body).toMatchObject({ outcome: 'delivered', responseStatus: 200 });
    expect(receiver.received).toHaveLength(1);

    // Taken off the list: the next send is refused by the tenant's dispatcher, nothing reaches the receiver.
    await http().put('/api/v1/outbound-allow-list').set('Authorization', admin).set('If-Match', '"1"').send({ entries: [] }).expect(200);
    const refusedPing = await http().post(`/api/v1/webhook-endpoints/${created.body.id}/ping`).set('Authorization', admin).expect(200);
    expect(refusedPing.body).toMatchObject({ outcome: 'rejected' });
    expect(receiver.received).toHaveLength(1);
  });
});
