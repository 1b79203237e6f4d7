import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type RunningSimulator } from '../src';
import { SAP_ORDERS, latestChange, sapToken, sapWriteHeaders, send } from './drivers';

const POS = '/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder';

describe('SAP S/4HANA PM simulator', () => {
  let sim: RunningSimulator;
  let client: { clientId: string; clientSecret: string };

  const token = async () => ((await sapToken(sim, client.clientId, client.clientSecret)).body as { access_token: string }).access_token;
  /** Bearer token, CSRF token and session cookie, as a writing client holds them. */
  const writer = async () => ({ ...(await sapWriteHeaders(sim, `Bearer ${await token()}`)), 'content-type': 'application/json' });

  beforeAll(async () => {
    sim = await startSimulator('sap', { seed: 2 });
    const { clientId = '', clientSecret = '' } = (await sim.admin.credential('client')).secrets;
    client = { clientId, clientSecret };
  });
  afterEach(() => sim.admin.reset());
  afterAll(() => sim.close());

  it('issues expiring bearer tokens for client credentials and refuses a wrong secret or grant', async () => {
    const granted = await sapToken(sim, client.clientId, client.clientSecret);
    expect(granted.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: expect.any(String) });
    expect((await sapToken(sim, client.clientId, 'wrong')).body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    const wrongGrant = await send(`${sim.url}/sap/bc/sec/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=password&client_id=${client.clientId}` });
    expect([wrongGrant.status, (wrongGrant.body as { error: string }).error]).toEqual([400, 'unsupported_grant_type']);
  });

  it('says a token expired (WWW-Authenticate) once its lifetime is over', async () => {
    await sim.admin.settings({ sessionTtlSeconds: 1 });
    const authorization = `Bearer ${await token()}`;
    expect((await send(`${sim.url}${SAP_ORDERS}`, { headers: { authorization } })).status).toBe(200);
    await sleep(1_100);
    const expired = await send(`${sim.url}${SAP_ORDERS}`, { headers: { authorization } });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('The access token expired');
    expect(expired.headers.get('content-type')).toContain('text/html');
  });

  it('keeps issued tokens through a secret rotation (they run out on their own) but ends them on revocation', async () => {
    const authorization = `Bearer ${await token()}`;
    await sim.admin.rotate('client');
    expect((await send(`${sim.url}${SAP_ORDERS}`, { headers: { authorization } })).status).toBe(200);
    await sim.admin.revoke('client');
    const ended = await send(`${sim.url}${SAP_ORDERS}`, { headers: { authorization } });
    expect([ended.status, ended.headers.get('www-authenticate')]).toEqual([401, expect.not.stringContaining('expired')]);
  });

  it('wraps replies in d, pages with $top/$skip and counts with $inlinecount', async () => {
    const authorization = `Bearer ${await token()}`;
    const page = await send(`${sim.url}${SAP_ORDERS}?$top=1&$skip=1&$inlinecount=allpages`, { headers: { authorization } });
    const d = (page.body as { d: { results: Array<Record<string, unknown>>; __count: string } }).d;
    expect(d.__count).toBe('2');
    expect(d.results.map((order) => order.MaintenanceOrder)).toEqual(['4000002']);
    expect(d.results[0]).toEqual(expect.objectContaining({ __metadata: expect.objectContaining({ etag: expect.stringMatching(/^W\//) }), LastChangeDateTime: expect.stringMatching(/^\/Date\(\d+\+0000\)\/$/) }));
    expect(d.results[0]?.to_MaintenanceOrderOperation).toEqual({ __deferred: { uri: expect.stringContaining('to_MaintenanceOrderOperation') } });
    const one = await send(`${sim.url}${SAP_ORDERS}('4000001')?$expand=to_MaintenanceOrderOperation`, { headers: { authorization } });
    expect((one.body as { d: Record<string, unknown> }).d.to_MaintenanceOrderOperation).toEqual({ results: [expect.objectContaining({ MaintenanceOrderOperation: '0010' })] });
  });

  it('filters on LastChangeDateTime for incremental sync', async () => {
    const since = await latestChange(sim, 'MaintenanceOrder');
    await sim.admin.change('MaintenanceOrder', 4000002, { MaintPriority: '1' });
    const reply = await send(`${sim.url}${SAP_ORDERS}?$filter=${encodeURIComponent(`LastChangeDateTime gt datetimeoffset'${since}'`)}`, { headers: { authorization: `Bearer ${await token()}` } });
    expect((reply.body as { d: { results: Array<{ MaintenanceOrder: string }> } }).d.results.map((o) => o.MaintenanceOrder)).toEqual(['4000002']);
  });

  it('refuses a write without the CSRF token and session cookie fetched before (403 x-csrf-token: Required)', async () => {
    const headers = await writer();
    const body = JSON.stringify({ OrderType: 'PM01', MaintenancePlant: '1010' });
    for (const without of [{ 'x-csrf-token': '' }, { cookie: '' }] as Array<Record<string, string>>) {
      const refused = await send(`${sim.url}${SAP_ORDERS}`, { method: 'POST', headers: { ...headers, ...without }, body });
      expect([refused.status, refused.headers.get('x-csrf-token')]).toEqual([403, 'Required']);
    }
    expect(await sim.admin.records('MaintenanceOrder')).toHaveLength(2);
    expect((await send(`${sim.url}${SAP_ORDERS}`, { method: 'POST', headers, body })).status).toBe(201);
  });

  it('needs If-Match on updates: 428 without, 412 when stale, 204 with the current ETag', async () => {
    const headers = await writer();
    const url = `${sim.url}${SAP_ORDERS}('4000001')`;
    const etag = (await send(url, { headers })).headers.get('etag') ?? '';
    const body = JSON.stringify({ MaintPriority: '1' });
    expect((await send(url, { method: 'PATCH', headers, body })).status).toBe(428);
    await sim.admin.change('MaintenanceOrder', 4000001, { MainWorkCenter: 'MECH-09' });
    expect((await send(url, { method: 'PATCH', headers: { ...headers, 'if-match': etag }, body })).status).toBe(412);
    const current = (await send(url, { headers })).headers.get('etag') ?? '';
    const merged = await send(url, { method: 'POST', headers: { ...headers, 'x-http-method': 'MERGE', 'if-match': current }, body });
    expect(merged.status).toBe(204);
    expect(merged.headers.get('etag')).not.toBe(current);
  });

  it('creates a purchase order with its items in one deep insert, or nothing at all', async () => {
    const headers = await writer();
    const incomplete = await send(`${sim.url}${POS}`, { method: 'POST', headers, body: JSON.stringify({ PurchaseOrderType: 'NB', CompanyCode: '1010', to_PurchaseOrderItem: { results: [{ OrderQuantity: '1' }] } }) });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body).toEqual({ error: expect.objectContaining({ message: { lang: 'en', value: 'Property Supplier is mandatory' } }) });
    expect(await sim.admin.records('A_PurchaseOrder')).toHaveLength(1);
    const created = await send(`${sim.url}${POS}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ PurchaseOrderType: 'NB', Supplier: '17300001', CompanyCode: '1010', to_PurchaseOrderItem: { results: [{ PurchaseOrderItem: '10', OrderQuantity: '3' }, { PurchaseOrderItem: '20', OrderQuantity: '1' }] } }),
    });
    expect(created.status).toBe(201);
    const d = (created.body as { d: { PurchaseOrder: string; to_PurchaseOrderItem: { results: unknown[] } } }).d;
    expect(d.to_PurchaseOrderItem.results).toHaveLength(2);
    expect((await sim.admin.records('A_PurchaseOrder')).at(-1)?.fields.to_PurchaseOrderItem).toHaveLength(2);
  });

  it('marks a deleted entity for deletion instead of removing it', async () => {
    const headers = await writer();
    const url = `${sim.url}${SAP_ORDERS}('4000002')`;
    expect((await send(url, { method: 'DELETE', headers: { ...headers, 'if-match': '*' } })).status).toBe(204);
    expect(((await send(url, { headers })).body as { d: Record<string, unknown> }).d.IsMarkedForDeletion).toBe(true);
  });
});
