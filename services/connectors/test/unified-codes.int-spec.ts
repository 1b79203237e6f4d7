/**
 * Per-connection code overrides against the simulated Limble (whose task status ids are the
 * account's own: this one added 1001 "Waiting on parts") and the real PostgreSQL and Kafka: a
 * synced task in status 1001 reads as the bare id, is reported from the sampled records, then reads
 * as the configured unified status on the next read with no resync and no request upstream; a write
 * of that unified status sends 1001 upstream; bad overrides answer 422 naming the field, with
 * nothing stored or sent; a purchase order in a state the connection maps to a locking status is
 * locked, named in both vocabularies, with nothing written.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { startConnectorsTestApp, type ConnectorsTestApp } from './connectors-test-app';
import { awaitRun, startSync } from './sync-support';
import { connect, requestsBehindMarker, writesAmong } from './writes-support';

let service: ConnectorsTestApp;
let sim: RunningSimulator;
let admin: string;
let connectionId: string;
let waitingId: string;

const CODES = { workOrder: { status: { '1001': 'on_hold' } } };
const settingsUrl = (suffix = '') => `/api/v1/connections/${connectionId}/unified-settings${suffix}`;
const record = (id: string) => service.http().get(`/api/v1/connections/${connectionId}/records/workOrder/${id}`).set('Authorization', admin).expect(200);
const storedSettings = async () => (await service.owner.query(`select unified_settings from connections where id = $1`, [connectionId])).rows[0].unified_settings;
const task = async (id: string) => (await sim.admin.records('tasks')).find((found) => String(found.id) === id);

beforeAll(async () => {
  service = await startConnectorsTestApp('mate_connectors_unified_codes_test', { CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}` });
  sim = await startSimulator('limble', { rateLimit: null });
  admin = `Bearer ${await service.token(randomUUID(), ['admin'])}`;
  await service.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1'] }).expect(200);
  connectionId = await connect(service, admin, 'limble', sim);
  const [waiting] = await sim.admin.seed('tasks', [{ name: 'Pump awaiting seal kit', statusID: 1001, priority: 2, type: 2, assetID: 2001, locationID: 3001 }]);
  waitingId = String(waiting?.id);
  expect((await awaitRun(service, admin, connectionId, (await startSync(service, admin, connectionId, 'workOrder', 'full')).id)).status).toBe('succeeded');
});

afterAll(async () => {
  await service?.close();
  await sim?.close();
});

it("reads the account's own status id as the bare id, and reports it from the records sampled live", async () => {
  expect((await record(waitingId)).body.status).toBe('1001');
  const saved = await service.http().put(settingsUrl()).set('Authorization', admin).send({ customFields: {}, customObjects: [], codes: { workOrder: {} } }).expect(200);
  // Seen on a sampled task, and in the account's own status list (GET /v2/tasks/statuses).
  expect(saved.body.validation.problems).toEqual([
    { field: 'codes.workOrder.status', message: `statusID 1001 met in the ${saved.body.validation.sampled.workOrder} record(s) sampled map to no unified value (they read as the code itself)` },
    { field: 'codes.workOrder.status', message: 'the system lists 1001 (Waiting on parts), which no table maps (they read as the code itself)' },
  ]);
  expect(saved.body.validation.sampled).toEqual({ workOrder: 3, 'codes:workOrder.status': 4 });
});

it('answers 422 naming each bad override; nothing is stored or sent upstream', async () => {
  const before = await storedSettings();
  await sim.admin.resetRequests();
  const bad = { customFields: {}, customObjects: [], codes: { workOrder: { status: { '1001': 'waiting_on_parts' }, priority: { '1': 'high' } }, gadget: {} } };
  const answer = await service.http().put(settingsUrl()).set('Authorization', admin).send(bad).expect(422);
  expect(answer.headers['content-type']).toContain('application/problem+json');
  expect(answer.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['codes.gadget', 'codes.workOrder.priority', 'codes.workOrder.status["1001"]']);
  const preview = await service.http().post(settingsUrl('/preview')).set('Authorization', admin).send({ entity: 'workOrder', settings: bad }).expect(422);
  expect(preview.body.errors.map((error: { field: string }) => error.field)).toContain('settings.codes.workOrder.status["1001"]');
  expect(await storedSettings()).toEqual(before);
  expect((await sim.admin.requests()).total).toBe(0);
});

it('previews the task with the override being edited, storing nothing', async () => {
  const preview = await service.http().post(settingsUrl('/preview')).set('Authorization', admin).send({ entity: 'workOrder', remoteId: waitingId, settings: { customFields: {}, customObjects: [], codes: CODES } }).expect(200);
  expect(preview.body.record).toMatchObject({ remote_id: waitingId, status: 'on_hold', remote_data: { statusID: 1001 } });
  expect(preview.body.validation).toEqual({ sampled: { workOrder: 1 }, problems: [] });
  expect((await storedSettings()).codes).toEqual({ workOrder: {} });
});

it('reads the status id mapped by the override as the configured unified status, without a resync or a request upstream', async () => {
  const saved = await service.http().put(settingsUrl()).set('Authorization', admin).send({ customFields: {}, customObjects: [], codes: CODES }).expect(200);
  expect(saved.body.validation.problems).toEqual([]);
  expect((await service.http().get(settingsUrl()).set('Authorization', admin).expect(200)).body.settings.codes).toEqual(CODES);
  await sim.admin.resetRequests();
  expect((await record(waitingId)).body.status).toBe('on_hold');
  expect((await sim.admin.requests()).total).toBe(0);
});

it('writes the configured unified status as the native id: an update, and a create then PATCH', async () => {
  // A unified status no code of this connection stands for cannot be sent (Limble ids are integers).
  const unmapped = await service.http().post(`/api/v1/connections/${connectionId}/records/workOrder/validate`).set('Authorization', admin).send({ title: 'x', status: 'cancelled' }).expect(200);
  expect(unmapped.body.problems).toEqual([expect.objectContaining({ field: 'status', code: 'wrong_type' })]);
  const [open] = (await sim.admin.records('tasks')).filter((found) => found.fields.statusID === 0);
  const openId = String(open?.id);
  const update = await service.http().patch(`/api/v1/connections/${connectionId}/records/workOrder/${openId}`).set('Authorization', admin).set('Idempotency-Key', randomUUID()).send({ status: 'on_hold' });
  expect(update.status).toBe(200);
  expect((await task(openId))?.fields.statusID).toBe(1001);

  const requests = await requestsBehindMarker(service, admin, sim, connectionId, async () => {
    const created = await service.http().post(`/api/v1/connections/${connectionId}/records/workOrder`).set('Authorization', admin).set('Idempotency-Key', randomUUID()).send({ title: 'Order bearings', status: 'on_hold' });
    expect(created.status).toBe(201);
  });
  expect(writesAmong(requests).map(({ method }) => method)).toEqual(['POST', 'PATCH']);
  const made = (await sim.admin.records('tasks')).find((found) => found.fields.name === 'Order bearings');
  expect(made?.fields.statusID).toBe(1001);
});

it("locks a purchase order in a state the connection maps to a locking status, naming it as reads show it; nothing is written", async () => {
  const codes = { ...CODES, purchaseOrder: { status: { 'Signed off': 'approved' } } };
  await service.http().put(settingsUrl()).set('Authorization', admin).send({ customFields: {}, customObjects: [], codes }).expect(200);
  const [signed] = await sim.admin.seed('pos', [{ poNumber: 1003, vendorID: 6001, state: 'Signed off', items: [] }]);
  const requests = await requestsBehindMarker(service, admin, sim, connectionId, async () => {
    const refused = await service.http().patch(`/api/v1/connections/${connectionId}/records/purchaseOrder/${signed?.id}`).set('Authorization', admin).set('Idempotency-Key', randomUUID()).send({ vendorCode: '6001' }).expect(422);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'vendorCode', code: 'state_locked', state: 'Signed off', unifiedState: 'approved' }));
  });
  expect(writesAmong(requests)).toEqual([]);
  const capabilities = await service.http().get(`/api/v1/connections/${connectionId}/capabilities`).set('Authorization', admin).expect(200);
  const orders = capabilities.body.entities.find((entity: { entity: string }) => entity.entity === 'purchaseOrder');
  expect(orders.locks[0]).toMatchObject({ field: 'state', states: ['Approved', 'Ordered', 'Received', 'Closed', 'Signed off'], unified_field: 'status', unified_states: ['approved', 'ordered', 'received', 'closed'] });
});
