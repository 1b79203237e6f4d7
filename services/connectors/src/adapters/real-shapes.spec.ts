/**
 * Replies that a status code alone would misread, taken from the simulators as they answer them:
 * a Maximo 400 that is validation and not a dead key, Fiix's errors in a 200, optimistic-lock
 * conflicts, Limble's own throttling. Plus what the shared client does with retries and its bulkhead.
 */
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { createHmac } from 'node:crypto';
import type { FailureClass, UpstreamCallObservation, UpstreamReply } from './index';
import { UpstreamFailure, UpstreamHttp, createAdapters } from './index';

const adapters = createAdapters(new UpstreamHttp({ retries: 0 }));

async function replyOf(response: Response): Promise<UpstreamReply> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: Object.fromEntries(response.headers), text, json };
}

async function classificationOf(promise: Promise<unknown>): Promise<FailureClass | 'none'> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    if (error instanceof UpstreamFailure) return error.classification;
    throw error;
  }
}

describe('Maximo', () => {
  let sim: RunningSimulator;
  let apikey: string;
  beforeAll(async () => {
    sim = await startSimulator('maximo', { seed: 3 });
    apikey = (await sim.admin.credential('apikey')).secrets.apikey ?? '';
  });
  afterAll(() => sim.close());
  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    fetch(`${sim.url}/maximo/oslc/os${path}`, { method: 'POST', headers: { apikey, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(replyOf);

  it('reads a 400 without a site (BMXAA4195E) as upstream_validation, not as a dead key', async () => {
    const reply = await post('/mxwo?lean=1', {}, { description: 'no site' });
    expect(reply.status).toBe(400);
    expect(adapters.maximo.classifyFailure(reply, 'call')).toBe('upstream_validation');
  });

  it('reads a stale _rowstamp (412 BMXAA8229W) as conflict', async () => {
    const [record] = await sim.admin.records('mxwo');
    const reply = await post(`/mxwo/${record?.id}?lean=1`, { 'x-method-override': 'PATCH', 'if-match': 'stale' }, { description: 'changed' });
    expect(reply.status).toBe(412);
    expect(adapters.maximo.classifyFailure(reply, 'call')).toBe('conflict');
  });

  it('reads a dead API key (400 BMXAA9549E) as auth_invalid', async () => {
    const reply = await fetch(`${sim.url}/maximo/oslc/os/mxwo?lean=1`, { headers: { apikey: 'not-a-key' } }).then(replyOf);
    expect(reply.status).toBe(400);
    expect(adapters.maximo.classifyFailure(reply, 'call')).toBe('auth_invalid');
  });
});

describe('Fiix', () => {
  let sim: RunningSimulator;
  let keys: Record<string, string>;
  beforeAll(async () => {
    sim = await startSimulator('fiix', { seed: 3 });
    keys = (await sim.admin.credential('keys')).secrets;
  });
  afterAll(() => sim.close());

  function call(body: Record<string, unknown>, timestamp = Date.now()): Promise<UpstreamReply> {
    const query = new URLSearchParams({ action: String(body._maCn), appKey: keys.appKey ?? '', accessKey: keys.accessKey ?? '', signatureMethod: 'HmacSHA256', signatureVersion: '1', timestamp: String(timestamp) });
    const unsigned = `${sim.url.replace(/^http:\/\//, '')}/api/?${query}`;
    const authorization = createHmac('sha256', keys.secretKey ?? '').update(unsigned).digest('hex');
    return fetch(`http://${unsigned}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(replyOf);
  }

  it('reads a stale signature timestamp (200, code 4004) as auth_expired: signing again cures it', async () => {
    const reply = await call({ _maCn: 'FindRequest', className: 'WorkOrder' }, Date.now() - 3_600_000);
    expect(reply.status).toBe(200);
    expect(adapters.fiix.classifyFailure(reply, 'call')).toBe('auth_expired');
  });

  it('reads an unknown object (200, code 4040) as not_found and a bad call (4000) as upstream_validation', async () => {
    const missing = await call({ _maCn: 'FindByIdRequest', className: 'WorkOrder', id: 999999 });
    expect(missing.status).toBe(200);
    expect(adapters.fiix.classifyFailure(missing, 'call')).toBe('not_found');
    const invalid = await call({ _maCn: 'NoSuchRequest' });
    expect(adapters.fiix.classifyFailure(invalid, 'call')).toBe('upstream_validation');
  });

  it('reads a successful 200 as a success', async () => {
    expect(adapters.fiix.classifyFailure(await call({ _maCn: 'FindRequest', className: 'WorkOrder' }), 'call')).toBeUndefined();
  });
});

describe('Limble throttling', () => {
  it('reads its own 429 (about one request a second) as rate_limited, never as an auth failure', async () => {
    const sim = await startSimulator('limble', { seed: 3 });
    try {
      const { clientId = '', clientSecret = '' } = (await sim.admin.credential('client')).secrets;
      const connection = { id: 'c-1', tenantId: 't-1', system: 'limble' as const, authKind: 'basic' as const, baseUrl: sim.url, credentials: { clientId, clientSecret }, settings: {} };
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => classificationOf(adapters.limble.probe(connection, {}))));
      expect(outcomes).toContain('rate_limited');
      expect(outcomes.filter((outcome) => outcome !== 'none' && outcome !== 'rate_limited')).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe('the shared HTTP client', () => {
  let sim: RunningSimulator;
  let connection: Parameters<typeof adapters.maintainx.probe>[0];
  beforeAll(async () => {
    sim = await startSimulator('maintainx', { seed: 3 });
    connection = { id: 'c-1', tenantId: 't-1', system: 'maintainx', authKind: 'api_key', baseUrl: sim.url, credentials: { apiKey: (await sim.admin.credential('apikey')).secrets.apiKey ?? '' }, settings: {} };
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.admin.reset());

  it('retries an idempotent request after a transient failure, and counts every attempt upstream', async () => {
    const adapter = createAdapters(new UpstreamHttp({ retries: 2 })).maintainx;
    await sim.admin.injectFault({ kind: 'server_error', status: 503, count: 1 });
    expect(await classificationOf(adapter.probe(connection, {}))).toBe('none');
    expect((await sim.admin.requests()).total).toBe(2);
  });

  it('tells the observer of each call its system, outcome and duration, retries included', async () => {
    const observed: UpstreamCallObservation[] = [];
    const adapter = createAdapters(new UpstreamHttp({ retries: 1, observe: (call) => observed.push(call) })).maintainx;
    await sim.admin.injectFault({ kind: 'latency', delayMs: 50, count: 1 });
    await adapter.probe(connection, {});
    await sim.admin.injectFault({ kind: 'connection_limit', count: 1 });
    await classificationOf(adapter.probe(connection, {}));
    await sim.admin.injectFault({ kind: 'server_error', count: 2 });
    await classificationOf(adapter.probe(connection, {}));
    expect(observed.map(({ system, outcome }) => `${system} ${outcome}`)).toEqual(['maintainx ok', 'maintainx rate_limited', 'maintainx transient']);
    expect(observed[0]?.seconds).toBeGreaterThanOrEqual(0.05);
  });

  it('does not retry a definitive failure', async () => {
    const adapter = createAdapters(new UpstreamHttp({ retries: 2 })).maintainx;
    await sim.admin.revoke('apikey');
    expect(await classificationOf(adapter.probe(connection, {}))).toBe('auth_invalid');
    expect((await sim.admin.requests()).total).toBe(1);
  });

  it('bounds the requests in flight per connection: beyond the bulkhead and its queue a call is refused without being sent', async () => {
    const adapter = createAdapters(new UpstreamHttp({ retries: 0, maxConcurrentPerConnection: 1, maxQueuedPerConnection: 0 })).maintainx;
    await sim.admin.injectFault({ kind: 'latency', delayMs: 300, count: 1 });
    const outcomes = await Promise.all([classificationOf(adapter.probe(connection, {})), classificationOf(adapter.probe(connection, {}))]);
    expect(outcomes.sort()).toEqual(['none', 'rate_limited']);
    expect((await sim.admin.requests()).total).toBe(1);
  });
});
