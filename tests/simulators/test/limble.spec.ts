import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type RunningSimulator } from '../src';
import { basic, send } from './drivers';

describe('Limble simulator', () => {
  let sim: RunningSimulator;
  let authorization: string;
  const get = (path: string) => send(`${sim.url}/v2${path}`, { headers: { authorization } });
  const write = (method: string, path: string, body: object) => send(`${sim.url}/v2${path}`, { method, headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    sim = await startSimulator('limble', { seed: 6 });
    const { clientId = '', clientSecret = '' } = (await sim.admin.credential('client')).secrets;
    authorization = basic(clientId, clientSecret);
  });
  afterEach(() => sim.admin.reset());
  afterAll(() => sim.close());

  it('allows about one request a second: beyond the burst it answers 429 with Retry-After, then recovers', async () => {
    // Sent back to back, the fourth request meets an empty bucket unless a whole second passed (a loaded machine): then a later one does.
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof get>> | undefined;
    while (!limited && statuses.length < 10) {
      const reply = await get('/tasks');
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect([limited?.status, limited?.headers.get('retry-after'), limited?.body]).toEqual([429, '1', { status: 429, message: 'Rate limit exceeded' }]);
    await sleep(1_100);
    expect((await get('/tasks')).status).toBe(200);
    expect((await sim.admin.requests()).byCredential).toEqual({ client: statuses.length + 1 });
  });

  it('can have its limit changed or lifted by the admin', async () => {
    await sim.admin.settings({ rateLimit: null });
    for (let i = 0; i < 6; i += 1) expect((await get('/tasks')).status).toBe(200);
    await sim.admin.settings({ rateLimit: { perSecond: 1, burst: 1 } });
    expect([(await get('/tasks')).status, (await get('/tasks')).status]).toEqual([200, 429]);
  });

  it('pages plain arrays with page and limit, without a total', async () => {
    await sim.admin.settings({ rateLimit: null });
    expect(((await get('/tasks?page=2&limit=1')).body as Array<{ taskID: number }>).map((t) => t.taskID)).toEqual([1002]);
    expect((await get('/tasks?page=3&limit=1')).body).toEqual([]);
    expect((await get('/tasks?limit=201')).status).toBe(400);
  });

  it('lists the customer-defined calibrations table as plain arrays by page and limit, times in epoch seconds', async () => {
    await sim.admin.settings({ rateLimit: null });
    const second = (await get('/calibrations?page=2&limit=1')).body;
    expect(second).toEqual([{ calibrationID: 8002, assetID: 2002, result: 'FAIL', due: Date.parse('2026-11-30T00:00:00Z') / 1000, lastEdited: expect.any(Number) }]);
    expect((await get('/calibrations?page=3&limit=1')).body).toEqual([]);
    expect((await get('/calibrations/8001')).body).toEqual(expect.objectContaining({ calibrationID: 8001, result: 'PASS' }));
  });

  it('refuses statusID on create; create, then PATCH a status the customer defined; due in epoch seconds', async () => {
    await sim.admin.settings({ rateLimit: null });
    expect((await write('POST', '/tasks', { name: 'x', statusID: 1 })).status).toBe(400);
    expect((await write('POST', '/tasks', { name: 'x', due: '2026-12-24' })).status).toBe(400);
    const created = await write('POST', '/tasks', { name: 'x', due: 1_800_000_000 });
    const { taskID } = created.body as { taskID: number };
    expect((await write('PATCH', `/tasks/${taskID}`, { statusID: 42 })).status).toBe(400);
    const patched = await write('PATCH', `/tasks/${taskID}`, { statusID: 1001 });
    expect(patched.body).toEqual(expect.objectContaining({ taskID, statusID: 1001, lastEdited: expect.any(Number) }));
    expect((await get('/tasks/statuses')).body).toContainEqual({ statusID: 1001, name: 'Waiting on parts' });
  });
  it('creates an asset only inside a location, and never moves it through the API', async () => {
    const homeless = await write('POST', '/assets', { name: 'Pump' });
    expect([homeless.status, homeless.body]).toEqual([400, { status: 400, message: 'name and locationID are required to create an asset' }]);
    const created = await write('POST', '/assets', { name: 'Pump', locationID: 3001 });
    expect(created.status).toBe(201);
    const moved = await write('PATCH', `/assets/${(created.body as { assetID: number }).assetID}`, { locationID: 3002 });
    expect(moved.status).toBe(400);
  });
});
