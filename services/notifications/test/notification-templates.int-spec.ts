import { randomUUID } from 'node:crypto';
import { expectEventually } from '@mate/testing';
import request from 'supertest';
import { startSmtpReceiver, type SmtpReceiver } from './loopback-receivers';
import { recordAlert, seedRule, startNotificationsTestApp, type NotificationsTestApp } from './notifications-test-app';

const PATH = '/api/v1/notification-templates/connection.degraded/email';

/** `/api/v1/notification-templates` against the real PostgreSQL; a saved template reaches an SMTP server on loopback. */
describe('notification templates API (PostgreSQL, loopback SMTP)', () => {
  const tenant = randomUUID();
  const other = randomUUID();
  let smtp: SmtpReceiver;
  let test: NotificationsTestApp;
  let admin: string;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    test = await startNotificationsTestApp('mate_notifications_templates_test', smtp.env);
    admin = await test.token(tenant, ['admin']);
  });

  afterAll(async () => {
    await test?.app.close();
    await smtp?.close();
  });

  const http = () => request(test.app.getHttpServer());
  const own = {
    subject: 'Slow: {{ alert.subject_name }} ({{ alert.occurrence_count }}x)',
    text: 'Connection {{ alert.subject_name }} is degraded.',
    mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>{{ alert.title }}</mj-text></mj-column></mj-section></mj-body></mjml>',
  };

  it('lists every alert type with the default until the tenant saves its own', async () => {
    const list = await http().get('/api/v1/notification-templates').set('Authorization', `Bearer ${await test.token(tenant, ['planner'])}`).expect(200);
    expect(list.body.items.length).toBeGreaterThan(5);
    expect(list.body.items.find((item: { alertType: string }) => item.alertType === 'connection.degraded')).toMatchObject({ channel: 'email', custom: false, version: 0 });
    expect(list.body.items.find((item: { alertType: string }) => item.alertType === 'digest')).toMatchObject({ custom: false, subject: expect.stringContaining('digest.alert_count') });
    const read = await http().get(PATH).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(read.headers.etag).toBe('"0"');
  });

  it.each([
    ['an unclosed tag in the subject', { ...own, subject: '{% if alert.title %}no end' }, 'subject'],
    ['an unknown filter in the text', { ...own, text: '{{ alert.title | exec }}' }, 'text'],
    ['MJML that is not valid', { ...own, mjml: '<mjml><mj-body><mj-nonsense/></mj-body></mjml>' }, 'mjml'],
    ['a missing part', { subject: own.subject, text: own.text }, 'mjml'],
  ])('refuses %s naming the field, and saves nothing', async (_case, body, field) => {
    const response = await http().put(PATH).set('Authorization', `Bearer ${admin}`).send(body).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect((await http().get(PATH).set('Authorization', `Bearer ${admin}`).expect(200)).body).toMatchObject({ custom: false, version: 0 });
  });

  it('refuses an unknown alert type or channel naming it', async () => {
    const type = await http().put('/api/v1/notification-templates/connection.on_fire/email').set('Authorization', `Bearer ${admin}`).send(own).expect(400);
    expect(type.body.errors[0].field).toBe('alertType');
    const channel = await http().get('/api/v1/notification-templates/connection.degraded/pager').set('Authorization', `Bearer ${admin}`).expect(400);
    expect(channel.body.errors[0].field).toBe('channel');
  });

  it('previews a draft with sample data, escaping HTML, without saving it', async () => {
    const preview = await http()
      .post(`${PATH}/preview`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ template: { ...own, mjml: own.mjml.replace('{{ alert.title }}', '<b>{{ alert.title }}</b>{{ "<script>" }}') } })
      .expect(200);
    expect(preview.body.subject).toBe('Slow: Sample subject (3x)');
    expect(preview.body.text).toBe('Connection Sample subject is degraded.');
    expect(preview.body.html).toContain('Sample connection.degraded alert');
    expect(preview.body.html).toContain('&lt;script&gt;');
    const bad = await http().post(`${PATH}/preview`).set('Authorization', `Bearer ${admin}`).send({ template: { ...own, subject: '{{ ' } }).expect(400);
    expect(bad.body.errors[0].field).toBe('template.subject');
    expect((await http().get(PATH).set('Authorization', `Bearer ${admin}`).expect(200)).body.custom).toBe(false);
  });

  it('saves under If-Match; deliveries use the tenant’s template; other tenants and roles are kept out', async () => {
    await http().put(PATH).set('Authorization', `Bearer ${await test.token(tenant, ['planner'])}`).send(own).expect(403);
    await http().put(PATH).set('Authorization', `Bearer ${admin}`).set('If-Match', '"3"').send(own).expect(412);
    const saved = await http().put(PATH).set('Authorization', `Bearer ${admin}`).set('If-Match', '"0"').send(own).expect(200);
    expect(saved.body).toMatchObject({ ...own, custom: true, version: 1 });
    expect(saved.headers.etag).toBe('"1"');
    expect((await http().get(PATH).set('Authorization', `Bearer ${await test.token(other, ['admin'])}`).expect(200)).body).toMatchObject({ custom: false });

    const listId = randomUUID();
    await test.inTenant(tenant, async (m) => {
      await m.query(`insert into recipient_lists (id, tenant_id, name, emails, version, created_at, updated_at) values ($1, $2, 'ops', '{ops@example.test}', 1, now(), now())`, [listId, tenant]);
      await seedRule(m, tenant, { name: 'mail', alertTypes: [], targets: [{ channel: 'email', targetId: listId }] });
    });
    await recordAlert(test, tenant);
    await expectEventually(() => expect(smtp.mails.map((mail) => mail.subject)).toEqual(['Slow: Maximo production (1x)']), { timeoutMs: 20_000, intervalMs: 200 });
    expect(smtp.mails[0].text?.trim()).toBe('Connection Maximo production is degraded.');

    await http().delete(PATH).set('Authorization', `Bearer ${admin}`).set('If-Match', '"1"').expect(204);
    expect((await http().get(PATH).set('Authorization', `Bearer ${admin}`).expect(200)).body).toMatchObject({ custom: false, version: 0 });
  });
});
