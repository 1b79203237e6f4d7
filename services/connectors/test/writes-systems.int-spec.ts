/**
 * Writes to simulated SAP and Limble in depth (CSRF token and ETag, deep insert, released PO lock,
 * lost replies; create-then-PATCH status with compensation, approved PO lock), the basic create
 * and update of Fiix, UpKeep and MaintainX, and a create whose reply was lost on Limble, Fiix,
 * UpKeep and MaintainX (found by its values), against the real PostgreSQL and Kafka.
 */
import { randomUUID } from 'node:crypto';
import type { RunningSimulator, SystemKind } from '@mate/simulators';
import type { ConnectorsTestApp } from './connectors-test-app';
import { requestsBehindMarker, startWriteSystems, syncVendors, writesAmong } from './writes-support';

const DATABASE = 'mate_connectors_writes_systems_test';
const SYSTEMS: SystemKind[] = ['sap', 'limble', 'fiix', 'upkeep', 'maintainx'];

let service: ConnectorsTestApp;
let admin: string;
const sims = new Map<SystemKind, RunningSimulator>();
const connections = new Map<SystemKind, string>();

beforeAll(async () => {
  ({ service, admin } = await startWriteSystems(DATABASE, SYSTEMS, { sims, connections }, async (app, system, connectionId) => {
    // Purchase orders name their vendor, which must be among the synced ones.
    if (['sap', 'limble', 'fiix'].includes(system)) await syncVendors(app.service, app.admin, connectionId);
  }));
});
afterAll(async () => {
  await service?.close();
  for (const sim of sims.values()) await sim.close();
});

const sim = (system: SystemKind) => sims.get(system) as RunningSimulator;
const records = (system: SystemKind, path: string) => `/api/v1/connections/${connections.get(system)}/records/${path}`;
const write = (system: SystemKind, method: 'post' | 'patch' | 'delete', path: string, body?: object, headers: Record<string, string> = {}, key = randomUUID()) =>
  service.http()[method](records(system, path)).set('Authorization', admin).set({ 'Idempotency-Key': key, ...headers }).send(body);
const behindMarker = (system: SystemKind, act: () => Promise<unknown>) => requestsBehindMarker(service, admin, sim(system), connections.get(system) ?? '', act);
const byField = (body: { errors: { field: string; code: string; state?: string }[] }) => body.errors.map(({ field, code, state }) => ({ field, code, ...(state ? { state } : {}) }));

describe('SAP', () => {
  const order = { title: 'Replace coupling', workType: 'PM01', siteId: '1010', priority: '2', dueDate: '2026-12-20T08:00:00Z' };
  const purchaseOrder = {
    vendorCode: '17300001',
    orderType: 'NB',
    siteId: '1010',
    currency: 'EUR',
    lines: [
      { partNumber: 'SEAL-100', description: 'Mechanical seal', quantity: 2, unitCost: 145.5, plant: '1010' },
      { partNumber: 'GASK-045', description: 'Impeller gasket', quantity: 4, unitCost: 12.25, plant: '1010' },
    ],
  };

  it('creates a purchase order and its items in one deep insert, after fetching a CSRF token', async () => {
    const requests = await behindMarker('sap', async () => {
      await write('sap', 'post', 'purchaseOrder', purchaseOrder).expect(201);
    });
    // The OAuth token request (the connection's first call) is not a write.
    expect(writesAmong(requests).filter(({ path }) => path !== '/sap/bc/sec/oauth2/token')).toEqual([{ method: 'POST', path: '/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder' }]);
    const created = (await sim('sap').admin.records('A_PurchaseOrder')).at(-1);
    expect(created?.fields.to_PurchaseOrderItem).toEqual([
      { Material: 'SEAL-100', PurchaseOrderItemText: 'Mechanical seal', OrderQuantity: '2', NetPriceAmount: '145.5', Plant: '1010' },
      { Material: 'GASK-045', PurchaseOrderItemText: 'Impeller gasket', OrderQuantity: '4', NetPriceAmount: '12.25', Plant: '1010' },
    ]);
  });

  it('lands a purchase order whole or not at all: a failed deep insert leaves no header behind', async () => {
    const before = (await sim('sap').admin.records('A_PurchaseOrder')).length;
    await sim('sap').admin.injectFault({ kind: 'server_error', status: 500, method: 'POST', pathPrefix: '/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV', count: 1 });
    await write('sap', 'post', 'purchaseOrder', purchaseOrder).expect(503);
    expect(await sim('sap').admin.records('A_PurchaseOrder')).toHaveLength(before);
    const { body } = await write('sap', 'post', 'purchaseOrder', { ...purchaseOrder, lines: [{ partNumber: 'SEAL-100' }] }).expect(422);
    expect(byField(body)).toEqual([{ field: 'lines[0].quantity', code: 'required' }]);
    expect(await sim('sap').admin.records('A_PurchaseOrder')).toHaveLength(before);
  });

  it('refuses a change to a released purchase order naming the state, writing nothing', async () => {
    const [released] = await sim('sap').admin.seed('A_PurchaseOrder', [{ PurchaseOrderType: 'NB', Supplier: '17300001', CompanyCode: '1010', PurchasingProcessingStatus: '05', to_PurchaseOrderItem: [] }]);
    const requests = await behindMarker('sap', async () => {
      const { body } = await write('sap', 'patch', `purchaseOrder/${released?.id}`, { currency: 'USD' }).expect(422);
      expect(byField(body)).toEqual([{ field: 'currency', code: 'state_locked', state: '05' }]);
    });
    expect(writesAmong(requests)).toEqual([]);
  });

  it('updates with the ETag read before, and answers 412 for a stale If-Match', async () => {
    const created = await write('sap', 'post', 'workOrder', order).expect(201);
    const id = created.body.remote_id as string;
    await write('sap', 'patch', `workOrder/${id}`, { priority: '1' }).expect(200);
    const stale = `W/"datetimeoffset'${encodeURIComponent(new Date(0).toISOString())}'"`;
    const { body } = await write('sap', 'patch', `workOrder/${id}`, { priority: '3' }, { 'If-Match': stale }).expect(412);
    expect(body.code).toBe('VERSION_MISMATCH');
    const stored = (await sim('sap').admin.records('MaintenanceOrder')).find((record) => String(record.id) === id);
    expect(stored?.fields).toMatchObject({ MaintPriority: '1', PlannedStartDate: `/Date(${Date.parse('2026-12-20T08:00:00Z')})/` });
  });

  it('finds the order a lost reply created instead of creating it twice, and deletes by the deletion flag', async () => {
    const key = randomUUID();
    const title = `Lost reply ${key.slice(0, 8)}`;
    await sim('sap').admin.injectFault({ kind: 'drop_reply', method: 'POST', pathPrefix: '/sap/opu/odata/sap/API_MAINTENANCEORDER', count: 1 });
    await write('sap', 'post', 'workOrder', { ...order, title }, {}, key).expect(503);
    const retried = await write('sap', 'post', 'workOrder', { ...order, title }, {}, key).expect(201);
    expect(retried.body.recovered).toBe(true);
    expect((await sim('sap').admin.records('MaintenanceOrder')).filter((record) => record.fields.MaintenanceOrderDesc === title)).toHaveLength(1);
    const deleted = await write('sap', 'delete', `workOrder/${retried.body.remote_id}`).expect(200);
    expect(deleted.body.delete_mode).toBe('soft');
    expect((await sim('sap').admin.records('MaintenanceOrder')).find((record) => String(record.id) === retried.body.remote_id)?.deleted).toBe(true);
  });
});

describe('Limble', () => {
  it('creates a task, then PATCHes its status (Limble refuses statusID on create); due in epoch seconds', async () => {
    const requests = await behindMarker('limble', async () => {
      await write('limble', 'post', 'workOrder', { title: 'Grease bearings', status: '1', dueDate: '2026-12-21T08:00:00Z' }).expect(201);
    });
    expect(writesAmong(requests).map(({ method }) => method)).toEqual(['POST', 'PATCH']);
    const task = (await sim('limble').admin.records('tasks')).find((record) => record.fields.name === 'Grease bearings');
    expect(task?.fields).toMatchObject({ statusID: 1, due: Date.parse('2026-12-21T08:00:00Z') / 1000 });
  });

  it('deletes the task again when its status is refused, and reports the failure', async () => {
    const { body } = await write('limble', 'post', 'workOrder', { title: 'Half-made task', status: '999' }).expect(422);
    expect(body.code).toBe('upstream_validation');
    const left = (await sim('limble').admin.records('tasks')).filter((record) => record.fields.name === 'Half-made task' && !record.deleted);
    expect(left).toEqual([]);
  });

  it('creates a purchase order with its items in one request, and refuses edits once approved', async () => {
    const requests = await behindMarker('limble', async () => {
      await write('limble', 'post', 'purchaseOrder', { vendorCode: '6001', lines: [{ partNumber: '5001', quantity: 3, unitCost: 145.5 }] }).expect(201);
    });
    expect(writesAmong(requests)).toEqual([{ method: 'POST', path: '/v2/pos' }]);
    const [approved] = await sim('limble').admin.seed('pos', [{ poNumber: 1002, vendorID: 6001, state: 'Approved', items: [] }]);
    const locked = await behindMarker('limble', async () => {
      const { body } = await write('limble', 'patch', `purchaseOrder/${approved?.id}`, { vendorCode: '6001' }).expect(422);
      expect(byField(body)).toEqual([{ field: 'vendorCode', code: 'state_locked', state: 'Approved' }]);
    });
    expect(writesAmong(locked)).toEqual([]);
  });

  it('finds a purchase order whose reply was lost by its vendor and items: it exists once upstream', async () => {
    const key = randomUUID();
    const quantity = 1000 + Number.parseInt(key.slice(0, 3), 16);
    const body = { vendorCode: '6001', lines: [{ partNumber: '5002', quantity, unitCost: 12.25 }] };
    const ours = async () => (await sim('limble').admin.records('pos')).filter((record) => (record.fields.items as { count?: number }[] | undefined)?.[0]?.count === quantity);
    await sim('limble').admin.injectFault({ kind: 'drop_reply', method: 'POST', pathPrefix: '/v2/pos', count: 1 });
    await write('limble', 'post', 'purchaseOrder', body, {}, key).expect(503);
    const retried = await write('limble', 'post', 'purchaseOrder', body, {}, key).expect(201);
    expect(retried.body.recovered).toBe(true);
    expect((await ours()).map((record) => String(record.id))).toEqual([retried.body.remote_id]);
  });
});

/**
 * A create whose reply was lost (`drop_reply`: carried out, the connection cut) on the systems with
 * no field to tag it in: the retry with the same key finds it among the records changed since the
 * first attempt that hold every value it sent, and answers it; one that never landed (`disconnect`)
 * is sent again; one that cannot be told from another user's identical record is 409.
 */
describe.each([
  { system: 'limble' as const, collection: 'tasks', createPath: '/v2/tasks', create: { title: 'Lost', status: '1' }, native: (title: string) => ({ name: title }), after: { statusID: 1 } },
  { system: 'fiix' as const, collection: 'WorkOrder', createPath: '/api/', create: { title: 'Lost', siteId: '1', priority: '2' }, native: (title: string) => ({ strDescription: title, intSiteID: 1, intPriorityID: 2 }), after: {} },
  { system: 'upkeep' as const, collection: 'work-orders', createPath: '/api/v2/work-orders', create: { title: 'Lost', priority: '2' }, native: (title: string) => ({ title, priority: 2 }), after: {} },
  { system: 'maintainx' as const, collection: 'workorders', createPath: '/v1/workorders', create: { title: 'Lost', priority: 'LOW' }, native: (title: string) => ({ title, priority: 'LOW' }), after: {} },
])('$system: a create retried after its reply was lost', ({ system, collection, createPath, create, native, after }) => {
  const titleOf = (fields: Record<string, unknown>) => fields.name ?? fields.strDescription ?? fields.title;
  const named = async (title: string) => (await sim(system).admin.records(collection)).filter((record) => !record.deleted && titleOf(record.fields) === title);
  const dropNextCreate = (kind: 'drop_reply' | 'disconnect') => sim(system).admin.injectFault({ kind, method: 'POST', pathPrefix: createPath, count: 1 });

  it('exists once upstream, and the retry answers as the first success would have (recovered), then replays', async () => {
    const key = randomUUID();
    const body = { ...create, title: `Lost reply ${key.slice(0, 8)}` };
    await dropNextCreate('drop_reply');
    await write(system, 'post', 'workOrder', body, {}, key).expect(503);
    expect(await named(body.title)).toHaveLength(1);
    const requests = await behindMarker(system, async () => {
      const retried = await write(system, 'post', 'workOrder', body, {}, key).expect(201);
      const [stored] = await named(body.title);
      expect(retried.body).toMatchObject({ entity: 'workOrder', operation: 'create', remote_id: String(stored?.id), fields: body, recovered: true });
    });
    // The retry looked the record up (and Limble PATCHed the status its first attempt never got to): no second create.
    if (system !== 'fiix') expect(writesAmong(requests).filter(({ method, path }) => method === 'POST' && path === createPath)).toEqual([]);
    const [stored] = await named(body.title);
    expect(await named(body.title)).toHaveLength(1);
    expect(stored?.fields).toMatchObject(after);
    const replayed = await write(system, 'post', 'workOrder', body, {}, key).expect(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body.remote_id).toBe(String(stored?.id));
  });

  it('sends a create again that never reached the system (connection reset before it ran): one record', async () => {
    const key = randomUUID();
    const body = { ...create, title: `Never arrived ${key.slice(0, 8)}` };
    await dropNextCreate('disconnect');
    await write(system, 'post', 'workOrder', body, {}, key).expect(503);
    expect(await named(body.title)).toHaveLength(0);
    const retried = await write(system, 'post', 'workOrder', body, {}, key).expect(201);
    expect(retried.body.recovered).toBe(false);
    expect((await named(body.title)).map((record) => String(record.id))).toEqual([retried.body.remote_id]);
  });

  it('answers 409 write-outcome-unknown, sending nothing, when another identical record was made meanwhile', async () => {
    const key = randomUUID();
    const body = { ...create, title: `Twin ${key.slice(0, 8)}` };
    await dropNextCreate('drop_reply');
    await write(system, 'post', 'workOrder', body, {}, key).expect(503);
    // Someone else made the same work order in the system at the same time.
    await sim(system).admin.seed(collection, [native(body.title)]);
    const requests = await behindMarker(system, async () => {
      const { body: problem } = await write(system, 'post', 'workOrder', body, {}, key).expect(409);
      expect(problem).toMatchObject({ code: 'WRITE_OUTCOME_UNKNOWN', reason: 'ambiguous' });
    });
    if (system !== 'fiix') expect(writesAmong(requests)).toEqual([]);
    expect(await named(body.title)).toHaveLength(2);
  });
});

describe('Fiix purchase orders (lines one call at a time)', () => {
  const po = (code: string) => ({ number: code, vendorCode: '1', siteId: '1', lines: [{ partNumber: '3', quantity: 2, unitCost: 145.5 }, { partNumber: '3', quantity: 1, unitCost: 140 }] });
  const live = async (collection: string) => (await sim('fiix').admin.records(collection)).filter((record) => !record.deleted);

  it('adds the header, then each line', async () => {
    const created = await write('fiix', 'post', 'purchaseOrder', po('PO-2001')).expect(201);
    const lines = (await live('PurchaseOrderLineItem')).filter((line) => String(line.fields.intPurchaseOrderID) === created.body.remote_id);
    expect(lines.map((line) => line.fields.qtyOnOrder)).toEqual([2, 1]);
  });

  it('removes the header and the lines added when a line fails, and reports it: never a header without its lines', async () => {
    // The header and the first line go through; the second line fails.
    await sim('fiix').admin.injectFault({ kind: 'server_error', status: 503, method: 'POST', pathPrefix: '/api/', after: 2, count: 1 });
    const { body } = await write('fiix', 'post', 'purchaseOrder', po('PO-2002')).expect(502);
    expect(body).toMatchObject({ type: 'urn:mate:problem:write-compensated', compensation: { complete: true } });
    const header = (await sim('fiix').admin.records('PurchaseOrder')).find((record) => record.fields.strCode === 'PO-2002');
    expect(header?.deleted).toBe(true);
    expect((await live('PurchaseOrderLineItem')).filter((line) => line.fields.intPurchaseOrderID === header?.id)).toEqual([]);
  });

  const headersCoded = async (code: string) => (await live('PurchaseOrder')).filter((record) => record.fields.strCode === code);
  const linesOf = async (headerId: unknown) => (await live('PurchaseOrderLineItem')).filter((line) => String(line.fields.intPurchaseOrderID) === String(headerId));

  it("finishes the order a lost header reply began: the retry adds its lines to that header, never a second one", async () => {
    const key = randomUUID();
    await sim('fiix').admin.injectFault({ kind: 'drop_reply', method: 'POST', pathPrefix: '/api/', count: 1 });
    await write('fiix', 'post', 'purchaseOrder', po('PO-2003'), {}, key).expect(503);
    const [header] = await headersCoded('PO-2003');
    expect(await linesOf(header?.id)).toEqual([]);

    const retried = await write('fiix', 'post', 'purchaseOrder', po('PO-2003'), {}, key).expect(201);
    expect(retried.body).toMatchObject({ remote_id: String(header?.id), recovered: true });
    expect(await headersCoded('PO-2003')).toHaveLength(1);
    expect((await linesOf(header?.id)).map((line) => line.fields.qtyOnOrder)).toEqual([2, 1]);
  });

  it("removes every line of the order when a line's reply is lost (the line was added all the same), and settles the write", async () => {
    const key = randomUUID();
    // The header and the first line go through; the second line is added but its reply is lost.
    await sim('fiix').admin.injectFault({ kind: 'drop_reply', method: 'POST', pathPrefix: '/api/', after: 2, count: 1 });
    const { body } = await write('fiix', 'post', 'purchaseOrder', po('PO-2004'), {}, key).expect(502);
    expect(body).toMatchObject({ type: 'urn:mate:problem:write-compensated', compensation: { complete: true } });
    const [removed] = (await sim('fiix').admin.records('PurchaseOrder')).filter((record) => record.fields.strCode === 'PO-2004');
    expect(removed?.deleted).toBe(true);
    expect(await linesOf(removed?.id)).toEqual([]);

    // Settled: nothing of it is left upstream, so its retry replays the answer.
    const replayed = await write('fiix', 'post', 'purchaseOrder', po('PO-2004'), {}, key).expect(502);
    expect(replayed.body).toMatchObject({ type: 'urn:mate:problem:write-compensated', replayed: true });
    expect(await headersCoded('PO-2004')).toEqual([]);
  });

  it('leaves the write open when the compensation fails too, and its retry finishes the order that was left', async () => {
    const key = randomUUID();
    // The header and the first line go through; the second line fails, and so does the compensation's look-up.
    await sim('fiix').admin.injectFault({ kind: 'server_error', status: 503, method: 'POST', pathPrefix: '/api/', after: 2, count: 2 });
    const { body } = await write('fiix', 'post', 'purchaseOrder', po('PO-2005'), {}, key).expect(502);
    expect(body).toMatchObject({ type: 'urn:mate:problem:write-compensated', compensation: { complete: false } });
    const [header] = await headersCoded('PO-2005');
    expect((await linesOf(header?.id)).map((line) => line.fields.qtyOnOrder)).toEqual([2]);

    const retried = await write('fiix', 'post', 'purchaseOrder', po('PO-2005'), {}, key).expect(201);
    expect(retried.body).toMatchObject({ remote_id: String(header?.id), recovered: true });
    expect(await headersCoded('PO-2005')).toHaveLength(1);
    expect((await linesOf(header?.id)).map((line) => line.fields.qtyOnOrder)).toEqual([2, 1]);
  });
});

describe.each([
  { system: 'fiix' as const, create: { title: 'Check belts', siteId: '1', priority: '2' }, update: { priority: '1' }, collection: 'WorkOrder', expected: { strDescription: 'Check belts', intPriorityID: 1 } },
  { system: 'upkeep' as const, create: { title: 'Check belts', priority: '2' }, update: { status: 'inProgress' }, collection: 'work-orders', expected: { title: 'Check belts', status: 'inProgress' } },
  { system: 'maintainx' as const, create: { title: 'Check belts', priority: 'LOW' }, update: { status: 'IN_PROGRESS' }, collection: 'workorders', expected: { title: 'Check belts', status: 'IN_PROGRESS' } },
])('$system work orders', ({ system, create, update, collection, expected }) => {
  it('creates and updates one', async () => {
    const created = await write(system, 'post', 'workOrder', create).expect(201);
    await write(system, 'patch', `workOrder/${created.body.remote_id}`, update).expect(200);
    const stored = (await sim(system).admin.records(collection)).find((record) => String(record.id) === String(created.body.remote_id));
    expect(stored?.fields).toMatchObject(expected);
  });
});

it('UpKeep: a delete is refused with the reason (no delete, no cancelled status), and nothing is sent', async () => {
  const requests = await behindMarker('upkeep', async () => {
    const { body } = await write('upkeep', 'delete', 'workOrder/1001').expect(422);
    expect(body).toMatchObject({ code: 'UNSUPPORTED_OPERATION', detail: expect.stringContaining('cannot delete') });
  });
  expect(requests).toEqual([]);
});
