import { startSimulator, type RunningSimulator } from '../src';
import { send } from './drivers';

describe('MaintainX simulator', () => {
  let sim: RunningSimulator;
  let authorization: string;
  const list = (query: string, headers: Record<string, string> = { authorization }) => send(`${sim.url}/v1/workorders${query}`, { headers });

  beforeAll(async () => {
    sim = await startSimulator('maintainx', { seed: 5 });
    authorization = `Bearer ${(await sim.admin.credential('apikey')).secrets.apiKey}`;
  });
  afterEach(() => sim.admin.reset());
  afterAll(() => sim.close());

  it('pages by cursor without skipping or repeating records created between pages', async () => {
    const first = (await list('?limit=2')).body as { workOrders: Array<{ id: number }>; nextCursor: string };
    expect(first.workOrders.map((w) => w.id)).toEqual([1001, 1002]);
    await sim.admin.seed('workorders', [{ title: 'created meanwhile', status: 'OPEN' }]);
    const second = (await list(`?limit=2&cursor=${first.nextCursor}`)).body as { workOrders: Array<{ id: number }>; nextCursor: string | null };
    expect(second.workOrders.map((w) => w.id)).toEqual([1003, 1004]);
    expect(second.nextCursor).toBeNull();
    expect((await list('?limit=101')).status).toBe(400);
    expect((await list('?cursor=!!')).status).toBe(400);
  });

  it('lists the customer-defined calibrations resource by cursor under its plural key, one record under its singular key', async () => {
    const calibrations = (path: string) => send(`${sim.url}/v1/calibrations${path}`, { headers: { authorization } });
    const first = (await calibrations('?limit=1')).body as { calibrations: Array<{ id: number; result: string }>; nextCursor: string };
    expect(first.calibrations.map((c) => [c.id, c.result])).toEqual([[8001, 'PASS']]);
    const second = (await calibrations(`?limit=1&cursor=${first.nextCursor}`)).body;
    expect(second).toEqual({ calibrations: [{ id: 8002, assetId: 2002, result: 'FAIL', dueDate: '2026-11-30T00:00:00.000Z', extraFields: {}, updatedAt: expect.any(String), createdAt: expect.any(String) }], nextCursor: null });
    expect((await calibrations('/8001')).body).toEqual({ calibration: expect.objectContaining({ id: 8001, extraFields: { Technician: 'Mike Wilson' } }) });
  });

  it('makes a key of several organizations name one in X-Organization-Id', async () => {
    const multi = `Bearer ${(await sim.admin.credential('multi-org-key')).secrets.apiKey}`;
    expect((await list('', { authorization: multi })).body).toEqual({ errors: [{ message: expect.stringContaining('X-Organization-Id') }] });
    expect((await list('', { authorization: multi, 'x-organization-id': '102' })).status).toBe(200);
    expect((await list('', { authorization: multi, 'x-organization-id': '999' })).status).toBe(403);
  });

  it('checks work order status and priority values and returns a single record under its own key', async () => {
    const post = (body: object) => send(`${sim.url}/v1/workorders`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ title: 'x', priority: 'URGENT' })).status).toBe(400);
    const created = await post({ title: 'x', status: 'ON_HOLD', priority: 'NONE', extraFields: { Shift: 'B' } });
    expect(created.body).toEqual({ workOrder: expect.objectContaining({ id: 1004, status: 'ON_HOLD', extraFields: { Shift: 'B' }, updatedAt: expect.any(String) }) });
  });
  it('creates a part with its name and refuses a written availableQuantity (computed from stock per location)', async () => {
    const post = (body: object) => send(`${sim.url}/v1/parts`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ partNumber: 'X-1' })).status).toBe(400);
    const counted = await post({ name: 'Seal', availableQuantity: 3 });
    expect([counted.status, counted.body]).toEqual([400, { errors: [{ message: 'availableQuantity is read-only' }] }]);
    expect((await post({ name: 'Seal', unitCost: 2 })).status).toBe(201);
  });
});
