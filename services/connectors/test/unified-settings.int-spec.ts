/**
 * Unified settings per connection against the real PostgreSQL and a simulated Maximo: bad settings
 * answered 422 naming each field with nothing stored or sent, a misspelled remote field reported
 * from records sampled live, a preview of a live record (custom field, custom table) that stores
 * nothing, admins only, another tenant's connection a 404.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { startConnectorsTestApp, type ConnectorsTestApp } from './connectors-test-app';

const DATABASE = 'mate_connectors_unified_settings_test';

describe('unified settings API (PostgreSQL, simulated Maximo)', () => {
  let service: ConnectorsTestApp;
  let sim: RunningSimulator;
  const tenant = randomUUID();
  let admin: string;
  let connectionId: string;

  const SETTINGS = {
    customFields: {
      workOrder: [
        { remote: 'cust_safetyclass', unified: 'safetyClass', type: 'string' },
        { remote: 'cust_safteyclass', unified: 'misspelled', type: 'string' },
      ],
    },
    customObjects: [{ name: 'calibration', remote: 'custcalibration', idField: 'calibrationid', modifiedField: 'changedate', fields: [{ remote: 'result', unified: 'result', type: 'string' }, { remote: 'due', unified: 'due', type: 'datetime' }] }],
  };
  const url = (suffix = '') => `/api/v1/connections/${connectionId}/unified-settings${suffix}`;
  const storedSettings = async () => (await service.owner.query(`select unified_settings from connections where id = $1`, [connectionId])).rows[0].unified_settings;

  beforeAll(async () => {
    service = await startConnectorsTestApp(DATABASE, { CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}` });
    sim = await startSimulator('maximo', { rateLimit: null });
    admin = `Bearer ${await service.token(tenant, ['admin'])}`;
    await service.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1'] }).expect(200);
    const apiKey = (await sim.admin.credential('apikey')).secrets.apikey ?? '';
    const created = await service.http().post('/api/v1/connections').set('Authorization', admin).send({ system: 'maximo', authKind: 'api_key', displayName: 'Maximo', baseUrl: sim.url, credentials: { apiKey } }).expect(201);
    connectionId = created.body.connection.id;
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
  });

  it('starts with no custom fields and no custom objects', async () => {
    const got = await service.http().get(url()).set('Authorization', admin).expect(200);
    expect(got.body).toEqual({ settings: { customFields: {}, customObjects: [] }, updatedAt: null });
  });

  it('answers 422 naming each bad field; nothing is stored or sent upstream', async () => {
    await sim.admin.resetRequests();
    const bad = { customFields: { workorder: [], asset: [{ remote: 'cust_criticality', unified: 'criticality', type: 'text' }] }, customObjects: [{ name: 'cal', remote: 'custcalibration', idField: 7, fields: [] }] };
    const answer = await service.http().put(url()).set('Authorization', admin).send(bad).expect(422);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['customFields.asset[0].type', 'customFields.workorder', 'customObjects[0].idField']);
    expect(await storedSettings()).toEqual({ customFields: {}, customObjects: [] });
    expect((await sim.admin.requests()).total).toBe(0);
  });

  it('stores the settings and reports the remote field found in no record sampled live', async () => {
    const saved = await service.http().put(url()).set('Authorization', admin).send(SETTINGS).expect(200);
    expect(saved.body.settings).toEqual(SETTINGS);
    expect(saved.body.validation.sampled).toEqual({ workOrder: 3, 'custom:calibration': 1 });
    expect(saved.body.validation.problems).toEqual([{ field: 'customFields.workOrder[1].remote', message: 'cust_safteyclass is in none of the 3 record(s) sampled from the system' }]);
    expect(await storedSettings()).toEqual(SETTINGS);
    const got = await service.http().get(url()).set('Authorization', admin).expect(200);
    expect(got.body.settings).toEqual(SETTINGS);
    expect(Date.parse(got.body.updatedAt)).toBeGreaterThan(0);
  });

  it('reports a custom table the system does not have', async () => {
    const body = { customFields: {}, customObjects: [{ name: 'meters', remote: 'custmeters', idField: 'meterid', fields: [] }] };
    const answer = await service.http().post(url('/preview')).set('Authorization', admin).send({ entity: 'custom:meters', settings: body });
    expect(answer.status).toBe(404);
    const saved = await service.http().put(url()).set('Authorization', admin).send(body).expect(200);
    expect(saved.body.validation.problems).toEqual([{ field: 'customObjects[0].remote', message: 'no sample could be fetched: not_found' }]);
    await service.http().put(url()).set('Authorization', admin).send(SETTINGS).expect(200);
  });

  it('previews a live work order with the settings being edited, storing nothing', async () => {
    const [order] = await sim.admin.records('mxwo');
    const editing = { customFields: { workOrder: [{ remote: 'cust_safetyclass', unified: 'safety', type: 'string' }] }, customObjects: [] };
    const preview = await service.http().post(url('/preview')).set('Authorization', admin).send({ entity: 'workOrder', remoteId: String(order?.id), settings: editing }).expect(200);
    expect(preview.body.record).toMatchObject({ remote_id: String(order?.id), number: '1001', status: 'open', custom_fields: { safety: 'B' }, remote_data: { wonum: '1001' } });
    expect(preview.body.validation).toEqual({ sampled: { workOrder: 1 }, problems: [] });
    expect(await storedSettings()).toEqual(SETTINGS);
  });

  it('previews a record of a custom table as a custom object', async () => {
    const preview = await service.http().post(url('/preview')).set('Authorization', admin).send({ entity: 'custom:calibration', settings: SETTINGS }).expect(200);
    expect(preview.body.record).toMatchObject({ remote_id: '8001', result: 'PASS', due: '2027-01-15T00:00:00.000Z', custom_fields: {} });
    expect(preview.body.record.remote_updated_at).toMatch(/^\d{4}-/);
  });

  it('answers 422 for a preview of an unknown entity, 404 for a record the system lacks', async () => {
    const unknown = await service.http().post(url('/preview')).set('Authorization', admin).send({ entity: 'invoice', settings: SETTINGS }).expect(422);
    expect(unknown.body.errors).toEqual([{ field: 'entity', message: 'must be a unified entity or custom:<name> of a custom object in settings' }]);
    await service.http().post(url('/preview')).set('Authorization', admin).send({ entity: 'asset', remoteId: '999999', settings: SETTINGS }).expect(404);
  });

  it('is for administrators of the tenant only', async () => {
    const planner = `Bearer ${await service.token(tenant, ['planner'])}`;
    await service.http().get(url()).set('Authorization', planner).expect(403);
    await service.http().put(url()).set('Authorization', planner).send(SETTINGS).expect(403);
    const stranger = `Bearer ${await service.token(randomUUID(), ['admin'])}`;
    await service.http().get(url()).set('Authorization', stranger).expect(404);
    await service.http().put(url()).set('Authorization', stranger).send(SETTINGS).expect(404);
    await service.http().post(url('/preview')).set('Authorization', stranger).send({ entity: 'workOrder', settings: SETTINGS }).expect(404);
  });
});
