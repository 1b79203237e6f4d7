import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { recordAlert, startNotificationsTestApp, type NotificationsTestApp } from './notifications-test-app';

/** `/api/v1/alert-rules` and `/api/v1/recipient-lists` against the real PostgreSQL, and the routing that reads the rules they write. */
describe('alert rules API (PostgreSQL)', () => {
  const tenant = randomUUID();
  const other = randomUUID();
  let test: NotificationsTestApp;
  let admin: string;
  let webhookId: string;
  let listId: string;

  beforeAll(async () => {
    test = await startNotificationsTestApp('mate_notifications_rules_test', { OUTBOUND_ALLOW_LIST: '127.0.0.1' });
    admin = await test.token(tenant, ['admin']);
    webhookId = (await http().post('/api/v1/webhook-endpoints').set('Authorization', `Bearer ${admin}`).send({ url: 'http://127.0.0.1:9/hooks' }).expect(201)).body.id;
    listId = (await http().post('/api/v1/recipient-lists').set('Authorization', `Bearer ${admin}`).send({ name: 'on call', emails: ['oncall@example.test'] }).expect(201)).body.id;
  });

  afterAll(async () => {
    await test?.app.close();
  });

  const http = () => request(test.app.getHttpServer());
  const rule = () => ({
    name: 'connections to ops',
    alertTypes: ['connection.reauth_required', 'connection.degraded'],
    minSeverity: 'warning',
    targets: [
      { channel: 'webhook', targetId: webhookId },
      { channel: 'email', targetId: listId },
    ],
    quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' },
    escalation: { afterMinutes: 15, maxEscalations: 2, levels: [listId] },
  });
  const post = (body: object, token = admin) => http().post('/api/v1/alert-rules').set('Authorization', `Bearer ${token}`).send(body);
  const ruleCount = async () => (await test.inTenant(tenant, (m) => m.query('select count(*)::int as n from alert_rules')))[0].n as number;

  it('creates a rule that routing then follows, and reads it back with its ETag', async () => {
    const created = await post(rule()).expect(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ ...rule(), digest: false, enabled: true, version: 1 });
    const read = await http().get(`/api/v1/alert-rules/${created.body.id}`).set('Authorization', `Bearer ${await test.token(tenant, ['planner'])}`).expect(200);
    expect(read.body).toEqual(created.body);

    await recordAlert(test, tenant, { type: 'connection.reauth_required', severity: 'critical', title: 'Maximo needs new credentials' });
    const planned = await test.inTenant(tenant, (m) => m.query('select channel, target_id as "targetId" from deliveries order by channel'));
    expect(planned).toEqual([
      { channel: 'email', targetId: listId },
      { channel: 'webhook', targetId: webhookId },
    ]);
  });

  it.each([
    ['an unknown alert type', { alertTypes: ['connection.on_fire'] }, 'alertTypes'],
    ['an unknown severity', { minSeverity: 'apocalyptic' }, 'minSeverity'],
    ['an unknown channel', { targets: [{ channel: 'pager', targetId: randomUUID() }] }, 'targets.0.channel'],
    ['a target that is not the tenant’s', { targets: [{ channel: 'webhook', targetId: randomUUID() }] }, 'targets.0.targetId'],
    ['a recipient list named as a webhook', { targets: [{ channel: 'slack', targetId: randomUUID() }] }, 'targets.0.targetId'],
    ['a malformed quiet-hours time', { quietHours: { start: '25:00', end: '07:00', timeZone: 'UTC' } }, 'quietHours.start'],
    ['an unknown time zone', { quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } }, 'quietHours.timeZone'],
    ['an escalation to no list', { escalation: { afterMinutes: 5, maxEscalations: 1, levels: [randomUUID()] } }, 'escalation.levels.0'],
    ['no targets', { targets: [] }, 'targets'],
    ['a field that is not writable', { tenantId: randomUUID() }, 'tenantId'],
  ])('refuses %s naming the field, and creates nothing', async (_case, change, field) => {
    const before = await ruleCount();
    const response = await post({ ...rule(), ...change }).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await ruleCount()).toBe(before);
  });

  it('edits under If-Match, clears quiet hours with null, refuses a null severity, deletes', async () => {
    const created = (await post(rule()).expect(201)).body;
    const path = `/api/v1/alert-rules/${created.id}`;
    await http().patch(path).set('Authorization', `Bearer ${admin}`).set('If-Match', '"9"').send({ digest: true }).expect(412);
    const refused = await http().patch(path).set('Authorization', `Bearer ${admin}`).send({ minSeverity: null }).expect(400);
    expect(refused.body.errors[0].field).toBe('minSeverity');
    const edited = await http().patch(path).set('Authorization', `Bearer ${admin}`).set('If-Match', '"1"').send({ digest: true, quietHours: null, minSeverity: 'info' }).expect(200);
    expect(edited.body).toMatchObject({ digest: true, quietHours: null, minSeverity: 'info', name: 'connections to ops', version: 2 });
    expect(edited.headers.etag).toBe('"2"');
    await http().delete(path).set('Authorization', `Bearer ${admin}`).set('If-Match', '"1"').expect(412);
    await http().delete(path).set('Authorization', `Bearer ${admin}`).set('If-Match', '"2"').expect(204);
    await http().get(path).set('Authorization', `Bearer ${admin}`).expect(404);
  });

  it('pages the rules with a cursor, oldest first', async () => {
    await post({ ...rule(), name: 'second' }).expect(201);
    const all = (await http().get('/api/v1/alert-rules').set('Authorization', `Bearer ${admin}`).expect(200)).body.items.map((item: { id: string }) => item.id);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = await http().get('/api/v1/alert-rules').query({ limit: 1 }).set('Authorization', `Bearer ${admin}`).expect(200);
    const second = await http().get('/api/v1/alert-rules').query({ limit: 1, cursor: first.body.nextCursor }).set('Authorization', `Bearer ${admin}`).expect(200);
    expect([first.body.items[0].id, second.body.items[0].id]).toEqual(all.slice(0, 2));
    await http().get('/api/v1/alert-rules?cursor=garbage').set('Authorization', `Bearer ${admin}`).expect(400);
  });

  it('lets only administrators write, and answers 404 for another tenant’s rules with nothing changed', async () => {
    const created = (await post(rule()).expect(201)).body;
    await post(rule(), await test.token(tenant, ['planner'])).expect(403);
    await http().patch(`/api/v1/alert-rules/${created.id}`).set('Authorization', `Bearer ${await test.token(tenant, ['technician'])}`).send({ enabled: false }).expect(403);
    const stranger = await test.token(other, ['admin']);
    await http().get(`/api/v1/alert-rules/${created.id}`).set('Authorization', `Bearer ${stranger}`).expect(404);
    await http().patch(`/api/v1/alert-rules/${created.id}`).set('Authorization', `Bearer ${stranger}`).send({ enabled: false }).expect(404);
    await http().delete(`/api/v1/alert-rules/${created.id}`).set('Authorization', `Bearer ${stranger}`).expect(404);
    expect((await http().get('/api/v1/alert-rules').set('Authorization', `Bearer ${stranger}`).expect(200)).body.items).toEqual([]);
    // Another tenant's endpoint is no target for this tenant's rule.
    const foreign = (await http().post('/api/v1/webhook-endpoints').set('Authorization', `Bearer ${stranger}`).send({ url: 'http://127.0.0.1:9/x' }).expect(201)).body.id;
    const refused = await post({ ...rule(), targets: [{ channel: 'webhook', targetId: foreign }] }).expect(400);
    expect(refused.body.errors[0].field).toBe('targets.0.targetId');
    expect((await http().get(`/api/v1/alert-rules/${created.id}`).set('Authorization', `Bearer ${admin}`).expect(200)).body).toMatchObject({ enabled: true, version: 1 });
  });

  it('manages recipient lists: bad addresses refused naming the field, If-Match, a list a rule names is kept, other tenants get 404', async () => {
    const lists = '/api/v1/recipient-lists';
    const before = (await http().get(lists).set('Authorization', `Bearer ${admin}`).expect(200)).body.items.length;
    const refused = await http().post(lists).set('Authorization', `Bearer ${admin}`).send({ name: 'x', emails: ['not an address'] }).expect(400);
    expect(refused.body.errors[0].field).toBe('emails');
    await http().post(lists).set('Authorization', `Bearer ${await test.token(tenant, ['planner'])}`).send({ name: 'x', emails: ['a@example.test'] }).expect(403);
    expect((await http().get(lists).set('Authorization', `Bearer ${admin}`).expect(200)).body.items).toHaveLength(before);

    const created = (await http().post(lists).set('Authorization', `Bearer ${admin}`).send({ name: 'night', emails: ['night@example.test'] }).expect(201)).body;
    await http().patch(`${lists}/${created.id}`).set('Authorization', `Bearer ${admin}`).set('If-Match', '"5"').send({ name: 'late' }).expect(412);
    const edited = await http().patch(`${lists}/${created.id}`).set('Authorization', `Bearer ${admin}`).set('If-Match', '"1"').send({ emails: ['late@example.test'] }).expect(200);
    expect(edited.body).toMatchObject({ name: 'night', emails: ['late@example.test'], version: 2 });

    const stranger = await test.token(other, ['admin']);
    await http().get(`${lists}/${created.id}`).set('Authorization', `Bearer ${stranger}`).expect(404);
    await http().patch(`${lists}/${created.id}`).set('Authorization', `Bearer ${stranger}`).send({ name: 'mine' }).expect(404);
    await http().delete(`${lists}/${created.id}`).set('Authorization', `Bearer ${stranger}`).expect(404);

    const inUse = await http().delete(`${lists}/${listId}`).set('Authorization', `Bearer ${admin}`).expect(409);
    expect(inUse.body.detail).toContain('connections to ops');
    await http().delete(`${lists}/${created.id}`).set('Authorization', `Bearer ${admin}`).set('If-Match', '"2"').expect(204);
  });
});
