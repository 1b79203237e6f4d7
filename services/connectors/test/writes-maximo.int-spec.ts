/**
 * Writes to a simulated Maximo against the real PostgreSQL and Kafka: every rule refuses with
 * nothing written upstream (request log checked behind a marker), a work order is created,
 * updated and cancelled with Maximo's mechanics, a create whose reply is lost exists once, a stale
 * `_rowstamp` answers 412, a missing permission 403 with the connection left `connected`, and a
 * purchase order lands with its lines in one request.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { FailureClass, WriteFailedSchema, WriteSucceededSchema } from '@mate/contracts';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { startConnectorsTestApp, type ConnectorsTestApp } from './connectors-test-app';
import { connect, eventsOf, requestsBehindMarker, syncVendors, writesAmong } from './writes-support';

const DATABASE = 'mate_connectors_writes_maximo_test';

describe('writes to Maximo (PostgreSQL, Kafka, simulated Maximo)', () => {
  let service: ConnectorsTestApp;
  let sim: RunningSimulator;
  let admin: string;
  let connectionId: string;
  const tenant = randomUUID();

  beforeAll(async () => {
    service = await startConnectorsTestApp(DATABASE, { CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}` });
    sim = await startSimulator('maximo');
    admin = `Bearer ${await service.token(tenant, ['admin'])}`;
    await service.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1'] }).expect(200);
    connectionId = await connect(service, admin, 'maximo', sim);
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
  });

  const records = (entity: string) => `/api/v1/connections/${connectionId}/records/${entity}`;
  const post = (entity: string, body: object, key: string | null = randomUUID()) => {
    const request = service.http().post(records(entity)).set('Authorization', admin);
    return key === null ? request.send(body) : request.set('Idempotency-Key', key).send(body);
  };
  const patch = (path: string, body: object, headers: Record<string, string> = {}) => service.http().patch(`${records(path)}`).set('Authorization', admin).set({ 'Idempotency-Key': randomUUID(), ...headers }).send(body);
  const nothingWritten = async (act: () => Promise<unknown>) => expect(writesAmong(await requestsBehindMarker(service, admin, sim, connectionId, act))).toEqual([]);
  const workOrder = { title: 'Inspect gearbox', siteId: 'BEDFORD', priority: '2', workType: 'CM', assetId: '11430' };
  const byField = (body: { errors: { field: string; code: string; state?: string }[] }) => body.errors.map(({ field, code, state }) => ({ field, code, ...(state ? { state } : {}) }));

  it('publishes the matrix: operations with their delete mode, fields and state locks', async () => {
    const { body } = await service.http().get('/api/v1/connectors/maximo/capabilities').set('Authorization', admin).expect(200);
    const workOrders = body.entities.find((entity: { entity: string }) => entity.entity === 'workOrder');
    expect(workOrders.delete).toMatchObject({ supported: true, mode: 'cancel_status' });
    expect(workOrders.fields).toContainEqual(expect.objectContaining({ name: 'siteId', create: true, update: false, required_on_create: true }));
    expect(workOrders.locks[0]).toMatchObject({ field: 'status', states: ['COMP', 'CLOSE', 'CAN'] });
    expect(body.entities.find((entity: { entity: string }) => entity.entity === 'vendor').create.supported).toBe(false);
  });

  it('answers 400 naming Idempotency-Key when it is missing, and sends nothing', async () => {
    await nothingWritten(async () => {
      const { body } = await post('workOrder', workOrder, null).expect(400);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    });
  });

  it("answers 404 to another tenant's write, validate and capabilities, and sends nothing", async () => {
    const stranger = `Bearer ${await service.token(randomUUID(), ['admin'])}`;
    await nothingWritten(async () => {
      await service.http().post(records('workOrder')).set('Authorization', stranger).set('Idempotency-Key', randomUUID()).send(workOrder).expect(404);
      await service.http().post(`${records('workOrder')}/validate`).set('Authorization', stranger).send(workOrder).expect(404);
      await service.http().get(`/api/v1/connections/${connectionId}/capabilities`).set('Authorization', stranger).expect(404);
    });
  });

  it('answers 404 for a record the system does not have, to a write and to its dry run', async () => {
    const { body } = await patch('workOrder/999999', { title: 'Nobody' }).expect(404);
    expect(body.code).toBe('not_found');
    await service.http().post(`${records('workOrder')}/validate?operation=update&remote_id=999999`).set('Authorization', admin).send({ title: 'Nobody' }).expect(404);
  });

  it('refuses an unsupported operation with the reason (422), and sends nothing', async () => {
    await nothingWritten(async () => {
      const { body } = await post('vendor', { name: 'ACME' }).expect(422);
      expect(body).toMatchObject({ code: 'UNSUPPORTED_OPERATION', detail: expect.stringContaining('read-only') });
    });
  });

  it('refuses read-only fields, missing required fields and wrong types all at once (422), and sends nothing', async () => {
    await nothingWritten(async () => {
      const { body } = await post('workOrder', { title: 'x', status: 'approved', priority: 'high' }).expect(422);
      expect(byField(body)).toEqual(
        expect.arrayContaining([
          { field: 'status', code: 'not_writable_on_create' },
          { field: 'priority', code: 'wrong_type' },
          { field: 'siteId', code: 'required' },
        ]),
      );
    });
  });

  it('validate lists every problem and writes nothing', async () => {
    await nothingWritten(async () => {
      const { body } = await service
        .http()
        .post(`${records('purchaseOrder')}/validate`)
        .set('Authorization', admin)
        .send({ description: 'Spares', status: 'approved', lines: [{ partNumber: '0-0031', quantity: 2 }, { partNumber: '0-0045' }] })
        .expect(200);
      expect(body.valid).toBe(false);
      expect(body.problems.map(({ field, code }: { field: string; code: string }) => `${field}:${code}`).sort()).toEqual(['lines[1].quantity:required', 'siteId:required', 'status:read_only', 'vendorCode:required']);
    });
  });

  it('refuses an edit of a completed work order naming the field and the state (422), reading but writing nothing', async () => {
    const [completed] = await sim.admin.seed('mxwo', [{ wonum: '2001', description: 'Done already', status: 'COMP', siteid: 'BEDFORD' }]);
    const requests = await requestsBehindMarker(service, admin, sim, connectionId, async () => {
      const { body } = await patch(`workOrder/${completed?.id}`, { title: 'Changed after completion' }).expect(422);
      expect(byField(body)).toEqual([{ field: 'title', code: 'state_locked', state: 'COMP' }]);
    });
    expect(writesAmong(requests)).toEqual([]);
    expect(requests).toEqual([{ method: 'GET', path: `/maximo/oslc/os/mxwo/${completed?.id}` }]);
  });

  it("refuses a status change Maximo's workflow forbids (422 naming the state), writing nothing; an allowed one goes through as its code", async () => {
    const created = await post('workOrder', workOrder).expect(201);
    const id = created.body.remote_id as string;
    await nothingWritten(async () => {
      const { body } = await patch(`workOrder/${id}`, { status: 'completed' }).expect(422);
      expect(byField(body)).toEqual([{ field: 'status', code: 'invalid_transition', state: 'WAPPR' }]);
    });
    await patch(`workOrder/${id}`, { status: 'approved' }).expect(200);
    expect((await sim.admin.records('mxwo')).find((record) => String(record.id) === id)?.fields.status).toBe('APPR');
  });

  it("writes a custom field the connection's settings name where Maximo keeps it, and refuses one they do not name", async () => {
    const settings = { customFields: { workOrder: [{ remote: 'cust_safetyclass', unified: 'safetyClass', type: 'string' }] }, customObjects: [] };
    await service.http().put(`/api/v1/connections/${connectionId}/unified-settings`).set('Authorization', admin).send(settings).expect(200);
    const created = await post('workOrder', { ...workOrder, custom_fields: { safetyClass: 'A' } }).expect(201);
    expect((await sim.admin.records('mxwo')).find((record) => String(record.id) === created.body.remote_id)?.fields.cust_safetyclass).toBe('A');
    await nothingWritten(async () => {
      const { body } = await post('workOrder', { ...workOrder, custom_fields: { safteyClass: 'A' } }).expect(422);
      expect(byField(body)).toEqual([{ field: 'custom_fields.safteyClass', code: 'unknown_field' }]);
    });
  });

  it('creates, updates with the _rowstamp, and cancels a work order as Maximo does; WriteSucceeded each time', async () => {
    const created = await post('workOrder', workOrder).expect(201);
    expect(created.body).toMatchObject({ entity: 'workOrder', operation: 'create', remote_id: expect.any(String), recovered: false });
    const id = Number(created.body.remote_id);
    const stored = (await sim.admin.records('mxwo')).find((record) => record.id === id);
    expect(stored?.fields).toMatchObject({ description: 'Inspect gearbox', siteid: 'BEDFORD', wopriority: 2, externalrefid: expect.stringMatching(/^mate-/) });

    await patch(`workOrder/${id}`, { title: 'Inspect gearbox and coupling' }).expect(200);
    expect((await sim.admin.records('mxwo')).find((record) => record.id === id)?.fields.description).toBe('Inspect gearbox and coupling');

    const deleted = await service.http().delete(`${records('workOrder')}/${id}`).set('Authorization', admin).set('Idempotency-Key', randomUUID()).expect(200);
    expect(deleted.body).toMatchObject({ delete_mode: 'cancel_status' });
    const cancelled = (await sim.admin.records('mxwo')).find((record) => record.id === id);
    expect(cancelled).toMatchObject({ deleted: false, fields: expect.objectContaining({ status: 'CAN' }) });
    const succeeded = await eventsOf(connectionId, WriteSucceededSchema, 3);
    expect(succeeded.filter((event) => event.remoteId === String(id)).map(({ operation, deleteMode }) => `${operation}:${deleteMode}`)).toEqual(['create:', 'update:', 'delete:cancel_status']);
  });

  it('a create whose reply was lost is found by its tag on retry: it exists once upstream', async () => {
    const key = randomUUID();
    const title = `Lost reply ${key}`;
    await sim.admin.injectFault({ kind: 'drop_reply', method: 'POST', pathPrefix: '/maximo/oslc/os/mxwo', count: 1 });
    await post('workOrder', { ...workOrder, title }, key).expect(503);
    const retried = await post('workOrder', { ...workOrder, title }, key).expect(201);
    expect(retried.body.recovered).toBe(true);
    const requests = await requestsBehindMarker(service, admin, sim, connectionId, async () => {
      const replayed = await post('workOrder', { ...workOrder, title }, key).expect(201);
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expect(replayed.body.remote_id).toBe(retried.body.remote_id);
    });
    expect(requests).toEqual([]);
    expect((await sim.admin.records('mxwo')).filter((record) => record.fields.description === title)).toHaveLength(1);
  });

  it('two requests with one key at the same time make one record: the other waits (409) or gets the first answer', async () => {
    const key = randomUUID();
    const title = `Concurrent ${key}`;
    const answers = await Promise.all([post('workOrder', { ...workOrder, title }, key), post('workOrder', { ...workOrder, title }, key)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual(expect.arrayContaining([201]));
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    expect((await sim.admin.records('mxwo')).filter((record) => record.fields.description === title)).toHaveLength(1);
  });

  it('refuses a key reused for a different write (422)', async () => {
    const key = randomUUID();
    await post('workOrder', { ...workOrder, title: 'First' }, key).expect(201);
    const { body } = await post('workOrder', { ...workOrder, title: 'Second' }, key).expect(422);
    expect(body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers 412 when the record changed since the version the caller read (If-Match = _rowstamp)', async () => {
    const created = await post('workOrder', workOrder).expect(201);
    const id = Number(created.body.remote_id);
    const readVersion = String((await sim.admin.records('mxwo')).find((record) => record.id === id)?.version);
    await sim.admin.change('mxwo', id, { description: 'Changed by a planner in Maximo' });
    const { body } = await patch(`workOrder/${id}`, { title: 'Mine' }, { 'If-Match': readVersion }).expect(412);
    expect(body.code).toBe('VERSION_MISMATCH');
    expect((await sim.admin.records('mxwo')).find((record) => record.id === id)?.fields.description).toBe('Changed by a planner in Maximo');
  });

  it('answers 403 permission_denied when the account may not write, leaves the connection connected, and narrows its capabilities', async () => {
    await sim.admin.removePermission('workOrder:write');
    try {
      const { body } = await post('workOrder', workOrder).expect(403);
      expect(body).toMatchObject({ code: 'permission_denied', type: 'urn:mate:problem:permission-denied' });
      const connection = await service.http().get(`/api/v1/connections/${connectionId}`).set('Authorization', admin).expect(200);
      expect(connection.body.status).toBe('connected');
      const capabilities = await service.http().get(`/api/v1/connections/${connectionId}/capabilities`).set('Authorization', admin).expect(200);
      expect(capabilities.body.entities.find((entity: { entity: string }) => entity.entity === 'workOrder').create).toMatchObject({ supported: true, permitted: false });
      const failed = await eventsOf(connectionId, WriteFailedSchema, 1);
      expect(failed.find((event) => event.classification === FailureClass.PERMISSION_DENIED)).toMatchObject({ stage: 'upstream', status: 403, entity: 'workOrder', operation: 'create' });
      // Rules refusals are published too, naming the fields, with no upstream class.
      expect(failed.find((event) => event.stage === 'rules' && event.fields.includes('siteId'))).toMatchObject({ status: 422, classification: FailureClass.UNSPECIFIED });
    } finally {
      await sim.admin.grantPermission('workOrder:write');
    }
  });

  it('refuses a vendor code before vendors are synced, and one that is not among the synced vendors (422), writing nothing', async () => {
    const po = { description: 'Spares', siteId: 'BEDFORD', lines: [{ partNumber: '0-0031', quantity: 1 }] };
    await nothingWritten(async () => {
      const { body } = await post('purchaseOrder', { ...po, vendorCode: 'GRAINGER' }).expect(422);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'vendorCode', code: 'unknown_reference', message: expect.stringContaining('sync vendor first') })]);
    });
    await syncVendors(service, admin, connectionId);
    await nothingWritten(async () => {
      const { body } = await post('purchaseOrder', { ...po, vendorCode: 'NOBODY' }).expect(422);
      expect(byField(body)).toEqual([{ field: 'vendorCode', code: 'unknown_reference' }]);
    });
  });

  it('creates a purchase order with its lines in one request', async () => {
    const requests = await requestsBehindMarker(service, admin, sim, connectionId, async () => {
      await post('purchaseOrder', {
        description: 'Gearbox spares',
        vendorCode: 'GRAINGER',
        siteId: 'BEDFORD',
        lines: [
          { partNumber: '0-0031', description: 'Seal', quantity: 2, unitCost: 145.5 },
          { partNumber: '0-0045', description: 'Gasket', quantity: 4, unitCost: 12.25 },
        ],
      }).expect(201);
    });
    expect(writesAmong(requests)).toEqual([{ method: 'POST', path: '/maximo/oslc/os/mxpo' }]);
    const po = (await sim.admin.records('mxpo')).find((record) => record.fields.description === 'Gearbox spares');
    expect(po?.fields.poline).toEqual([
      { polinenum: 1, itemnum: '0-0031', description: 'Seal', orderqty: 2, unitcost: 145.5 },
      { polinenum: 2, itemnum: '0-0045', description: 'Gasket', orderqty: 4, unitcost: 12.25 },
    ]);
  });

  it('refuses an edit of an approved purchase order (422 naming the state), writing nothing', async () => {
    const [approved] = await sim.admin.seed('mxpo', [{ ponum: '3001', description: 'Approved PO', status: 'APPR', siteid: 'BEDFORD', vendor: 'GRAINGER', poline: [] }]);
    await nothingWritten(async () => {
      const { body } = await patch(`purchaseOrder/${approved?.id}`, { description: 'Edited after approval' }).expect(422);
      expect(byField(body)).toEqual([{ field: 'description', code: 'state_locked', state: 'APPR' }]);
    });
  });
});
