import { startSimulator, type RunningSimulator } from '../src';
import { latestChange, send, type Reply } from './drivers';

describe('Maximo simulator', () => {
  let sim: RunningSimulator;
  let apikey: string;
  const wo = (path = '') => `${sim.url}/maximo/oslc/os/mxwo${path}`;
  const get = (url: string, headers: Record<string, string> = { apikey }) => send(url, { headers });
  const patch = (id: number, body: object, headers: Record<string, string> = {}) =>
    send(wo(`/${id}`), { method: 'POST', headers: { apikey, 'x-method-override': 'PATCH', patchtype: 'MERGE', 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const reasonCode = (reply: Reply) => (reply.body as { Error?: { reasonCode?: string } }).Error?.reasonCode;

  beforeAll(async () => {
    sim = await startSimulator('maximo', { seed: 1 });
    apikey = (await sim.admin.credential('apikey')).secrets.apikey ?? '';
  });
  afterEach(() => sim.admin.reset());
  afterAll(() => sim.close());

  it('pages with oslc.pageSize and pageno, announcing the next page', async () => {
    const first = await get(wo('?lean=1&oslc.pageSize=2'));
    const body = first.body as { member: unknown[]; responseInfo: { totalPages: number; pagenum: number; nextPage?: { href: string } } };
    expect(body.member).toHaveLength(2);
    expect(body.responseInfo).toEqual(expect.objectContaining({ totalPages: 2, pagenum: 1, nextPage: { href: expect.stringContaining('pageno=2') } }));
    const second = (await get(body.responseInfo.nextPage?.href ?? '')).body as { member: unknown[]; responseInfo: object };
    expect(second.member).toHaveLength(1);
    expect(second.responseInfo).not.toHaveProperty('nextPage');
  });

  it('answers namespaced OSLC JSON without lean=1', async () => {
    const body = (await get(wo('?oslc.pageSize=1'))).body as Record<string, Array<Record<string, unknown>>>;
    expect(body['rdfs:member']?.[0]).toEqual(expect.objectContaining({ 'spi:wonum': '1001', 'spi:_rowstamp': '1', 'rdf:about': expect.any(String) }));
  });

  it('filters on changedate for incremental sync', async () => {
    const since = await latestChange(sim, 'mxwo');
    await sim.admin.change('mxwo', 1002, { description: 'changed' });
    const body = (await get(wo(`?lean=1&oslc.where=${encodeURIComponent(`changedate>"${since}"`)}`))).body as { member: Array<{ wonum: string }> };
    expect(body.member.map((w) => w.wonum)).toEqual(['1002']);
  });

  it('refuses a stale If-Match or _rowstamp with 412 BMXAA8229W and accepts the current one', async () => {
    await sim.admin.change('mxwo', 1001, { description: 'changed by a planner' });
    const stale = await patch(1001, { description: 'mine' }, { 'if-match': '1' });
    expect(stale.status).toBe(412);
    expect(reasonCode(stale)).toBe('BMXAA8229W');
    expect(reasonCode(await patch(1001, { description: 'mine', _rowstamp: '1' }))).toBe('BMXAA8229W');
    const fresh = await patch(1001, { description: 'mine' }, { 'if-match': '2', properties: '*' });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual(expect.objectContaining({ description: 'mine', _rowstamp: '3' }));
    expect((await sim.admin.records('mxwo'))[0]?.fields.description).toBe('mine');
  });

  it('rejects an impossible status change with BMXAA4590E and allows a valid one', async () => {
    const bad = await patch(1001, { status: 'CLOSE' });
    expect(bad.status).toBe(400);
    expect(reasonCode(bad)).toBe('BMXAA4590E');
    expect((await patch(1001, { status: 'APPR' })).status).toBe(204);
  });

  it('tells a dead API key (400 BMXAA9549E) from a bad maxauth login (401 BMXAA0021E)', async () => {
    expect(reasonCode(await get(wo(), { apikey: 'dead' }))).toBe('BMXAA9549E');
    const { user = '', password = '' } = (await sim.admin.credential('maxauth')).secrets;
    const maxauth = (pw: string) => ({ maxauth: Buffer.from(`${user}:${pw}`).toString('base64') });
    expect((await get(wo(), maxauth(password))).status).toBe(200);
    const wrong = await get(wo(), maxauth('wrong'));
    expect([wrong.status, reasonCode(wrong)]).toEqual([401, 'BMXAA0021E']);
    const none = await get(wo(), {});
    expect([none.status, reasonCode(none)]).toEqual([401, 'BMXAA0021E']);
  });

  it('refuses a create without a site and keeps nothing; creates a PO with its lines in one request', async () => {
    const post = (os: string, body: object) => send(`${sim.url}/maximo/oslc/os/${os}`, { method: 'POST', headers: { apikey, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const missing = await post('mxwo', { description: 'no site' });
    expect([missing.status, reasonCode(missing)]).toEqual([400, 'BMXAA4195E']);
    expect(await sim.admin.records('mxwo')).toHaveLength(3);
    const po = await post('mxpo', { siteid: 'BEDFORD', vendor: 'FASTENAL', poline: [{ polinenum: 1, itemnum: '0-0031', orderqty: 1 }] });
    expect(po.status).toBe(201);
    expect(po.headers.get('location')).toMatch(/\/mxpo\/\d+$/);
    expect((await sim.admin.records('mxpo')).at(-1)?.fields.poline).toEqual([{ polinenum: 1, itemnum: '0-0031', orderqty: 1 }]);
  });

  it('creates an asset NOT READY with its number unique per site; a decommissioned asset refuses changes; asset status follows ASSETSTATUS', async () => {
    const post = (body: object) => send(`${sim.url}/maximo/oslc/os/mxasset`, { method: 'POST', headers: { apikey, 'content-type': 'application/json', properties: '*' }, body: JSON.stringify(body) });
    const asset = (id: number, body: object) =>
      send(`${sim.url}/maximo/oslc/os/mxasset/${id}`, { method: 'POST', headers: { apikey, 'x-method-override': 'PATCH', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const noNumber = await post({ siteid: 'BEDFORD', description: 'pump' });
    expect([noNumber.status, reasonCode(noNumber)]).toEqual([400, 'BMXAA4195E']);
    const duplicate = await post({ siteid: 'BEDFORD', assetnum: '11430' });
    expect([duplicate.status, reasonCode(duplicate)]).toEqual([400, 'BMXAA4129E']);
    const created = await post({ siteid: 'BEDFORD', assetnum: 'P-9', status: 'OPERATING' });
    const { assetuid, status } = created.body as { assetuid: number; status: string };
    expect([created.status, status]).toEqual([201, 'NOT READY']);
    expect(reasonCode(await asset(assetuid, { status: 'BROKEN' }))).toBe('BMXAA4590E');
    expect((await asset(assetuid, { status: 'DECOMMISSIONED' })).status).toBe(204);
    const locked = await asset(assetuid, { description: 'revived' });
    expect([locked.status, reasonCode(locked)]).toEqual([400, 'BMXAA2235E']);
  });

  it('keeps inventory once per item, storeroom and site, never takes a balance or average cost, and locks obsolete inventory', async () => {
    const post = (body: object) => send(`${sim.url}/maximo/oslc/os/mxinventory`, { method: 'POST', headers: { apikey, 'content-type': 'application/json', properties: '*' }, body: JSON.stringify(body) });
    const change = (id: number, body: object) =>
      send(`${sim.url}/maximo/oslc/os/mxinventory/${id}`, { method: 'POST', headers: { apikey, 'x-method-override': 'PATCH', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const twice = await post({ itemnum: '0-0031', location: 'CENTRAL', siteid: 'BEDFORD' });
    expect([twice.status, reasonCode(twice)]).toEqual([400, 'BMXAA4129E']);
    expect(reasonCode(await post({ itemnum: '0-0099', location: 'CENTRAL', siteid: 'BEDFORD', curbal: 5 }))).toBe('BMXAA7901E');
    const created = await post({ itemnum: '0-0099', location: 'CENTRAL', siteid: 'BEDFORD', issueunit: 'EACH' });
    const { inventoryid, status } = created.body as { inventoryid: number; status: string };
    expect([created.status, status]).toEqual([201, 'ACTIVE']);
    expect(reasonCode(await change(inventoryid, { avgcost: 3 }))).toBe('BMXAA7901E');
    expect((await change(inventoryid, { status: 'OBSOLETE' })).status).toBe(204);
    expect(reasonCode(await change(inventoryid, { issueunit: 'BOX' }))).toBe('BMXAA2235E');
  });

  it('answers a bulk request item by item, successes and failures mixed in a 200', async () => {
    const reply = await send(wo(), {
      method: 'POST',
      headers: { apikey, 'x-method-override': 'BULK', 'content-type': 'application/json' },
      body: JSON.stringify([{ _data: { description: 'ok', siteid: 'BEDFORD' } }, { _data: { status: 'CLOSE' }, _meta: { uri: wo('/1001'), method: 'PATCH' } }, { _meta: { uri: wo('/9999'), method: 'DELETE' } }]),
    });
    expect(reply.status).toBe(200);
    expect((reply.body as Array<{ _responsemeta: { status: string } }>).map((item) => item._responsemeta.status)).toEqual(['201', '400', '404']);
  });
});
