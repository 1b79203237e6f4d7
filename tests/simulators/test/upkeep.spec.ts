import { startSimulator, type RunningSimulator } from '../src';
import { latestChange, send, upkeepLogin } from './drivers';

describe('UpKeep simulator', () => {
  let sim: RunningSimulator;
  let login: { email: string; password: string };
  const session = async (password = login.password) => (((await upkeepLogin(sim, login.email, password)).body as { result?: { sessionToken: string } }).result?.sessionToken ?? '');
  const workOrders = (token: string, query = '') => send(`${sim.url}/api/v2/work-orders${query}`, { headers: { 'session-token': token } });

  beforeAll(async () => {
    sim = await startSimulator('upkeep', { seed: 4 });
    const { email = '', password = '' } = (await sim.admin.credential('login')).secrets;
    login = { email, password };
  });
  afterEach(() => sim.admin.reset());
  afterAll(() => sim.close());

  it('opens a session with an expiry and refuses a wrong password', async () => {
    const opened = await upkeepLogin(sim, login.email, login.password);
    expect(opened.body).toEqual({ success: true, result: { sessionToken: expect.any(String), expiresAt: expect.any(String) } });
    const expiresIn = Date.parse((opened.body as { result: { expiresAt: string } }).result.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect((await upkeepLogin(sim, login.email, 'wrong')).status).toBe(401);
  });

  it('answers 401 once the session ran out; a new login works again', async () => {
    const token = await session();
    await sim.admin.expireSessions();
    expect((await workOrders(token)).body).toEqual({ success: false, message: 'Invalid session token' });
    expect((await workOrders(await session())).status).toBe(200);
  });

  it('ends every session when the password changes; only the new password logs in', async () => {
    const token = await session();
    await sim.admin.rotate('login', { password: 'Changed-by-the-customer-1' });
    expect((await workOrders(token)).status).toBe(401);
    expect(await session()).toBe('');
    expect((await workOrders(await session('Changed-by-the-customer-1'))).status).toBe(200);
  });

  it('pages with limit and offset and filters on updatedAt', async () => {
    const token = await session();
    const page = (await workOrders(token, '?limit=1&offset=1')).body as { results: Array<{ id: string }> };
    expect(page.results.map((w) => w.id)).toEqual(['1002']);
    const since = await latestChange(sim, 'work-orders');
    await sim.admin.change('work-orders', 1001, { status: 'onHold' });
    const changed = (await workOrders(token, `?updatedAtGreaterThan=${since}`)).body as { results: Array<{ id: string }> };
    expect(changed.results.map((w) => w.id)).toEqual(['1001']);
  });

  it('lists the customer-defined calibrations resource with the same session, paging and updatedAt filter', async () => {
    const token = await session();
    const calibrations = (query: string) => send(`${sim.url}/api/v2/calibrations${query}`, { headers: { 'session-token': token } });
    expect((await calibrations('?limit=1&offset=1')).body).toEqual({
      success: true,
      results: [{ id: '8002', asset: '2002', result: 'FAIL', dueDate: '2026-11-30T00:00:00.000Z', updatedAt: expect.any(String), createdAt: expect.any(String) }],
    });
    const since = await latestChange(sim, 'calibrations');
    await sim.admin.change('calibrations', 8001, { result: 'RETEST' });
    const changed = (await calibrations(`?updatedAtGreaterThan=${since}`)).body as { results: Array<{ id: string; result: string }> };
    expect(changed.results.map((c) => [c.id, c.result])).toEqual([['8001', 'RETEST']]);
    expect((await send(`${sim.url}/api/v2/calibrations/8001`, { headers: {} })).status).toBe(401);
  });

  it('changes work order status by PATCH, checks the value, and never deletes a work order', async () => {
    const headers = { 'session-token': await session(), 'content-type': 'application/json' };
    const url = `${sim.url}/api/v2/work-orders/1001`;
    expect((await send(url, { method: 'PATCH', headers, body: JSON.stringify({ status: 'done' }) })).status).toBe(400);
    const patched = await send(url, { method: 'PATCH', headers, body: JSON.stringify({ status: 'complete' }) });
    expect(patched.body).toEqual({ success: true, result: expect.objectContaining({ id: '1001', status: 'complete' }) });
    expect((await send(url, { method: 'DELETE', headers })).status).toBe(405);
  });
});
